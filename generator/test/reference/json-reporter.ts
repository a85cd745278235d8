/** A node:test reporter that writes one JSON line per finished test: name, outcome, error. */
interface TestEvent {
  type: string;
  data: { name: string; nesting: number; todo?: string | boolean; skip?: string | boolean; details?: { error?: { message?: string; cause?: unknown } } };
}

export default async function* jsonReporter(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const d = event.data;
    const cause = d.details?.error?.cause as { message?: string } | undefined;
    yield `${JSON.stringify({
      name: d.name,
      nesting: d.nesting,
      outcome: d.todo !== undefined && d.todo !== false ? 'todo' : d.skip !== undefined && d.skip !== false ? 'skip' : event.type === 'test:pass' ? 'pass' : 'fail',
      error: cause?.message ?? d.details?.error?.message,
    })}\n`;
  }
}
