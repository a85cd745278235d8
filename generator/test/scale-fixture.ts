/**
 * A generated multi-page docs folder for the parallel and cache tests: a copy of `docs/` plus
 * synthetic apiref pages (functions with parameters and return codes, async/sync pairs, a callback,
 * a structure), a status-code reference, a conceptual page that groups them, and a few bad files
 * (empty, binary, UTF-16, Windows-1252), so every stage and every diagnostic path is exercised.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DOCS } from './helpers.js';

const HEADERS = ['alpha.h', 'beta.h', 'gamma.h'];

function functionPage(i: number): string {
  const header = HEADERS[i % HEADERS.length]!;
  const name = i % 7 === 3 ? `FxOperation${i - 1}Async` : `FxOperation${i}`;
  return `---
UID: NF:${header.replace(/\.h$/, '')}.${name}
title: ${name} function (${header})
description: ${name} does step ${i} of the operation.
req.header: ${header}
req.dll: fx${i % 2}.dll
api_name:
 - ${name}
---

# ${name} function

## -description

The <b>${name}</b> function does step ${i}. See [FxCallback](nc-fx-fxcallback.md).

## -parameters

### -param Handle [in]

A handle from <b>FxOpen</b>.

### -param Buffer [out, optional]

Receives ${i * 3} bytes.

${i % 5 === 0 ? '### -param Extra\n\nNot in the prototype.\n' : ''}
## -returns

Returns one of:

| Return code | Description |
|---|---|
| **STATUS_SUCCESS** | It worked. |
| **STATUS_FX_BUSY_${i % 4}** | The device is busy (step ${i}). |
| **STATUS_INVALID_PARAMETER** | A bad parameter. |

## -syntax

\`\`\`cpp
NTSTATUS ${name}(
  [in]            HANDLE Handle,
  [out, optional] PVOID  Buffer
);
\`\`\`

## -see-also

[FxOperation${i + 1}](nf-fx-fxoperation${i + 1}.md)
`;
}

const CALLBACK = `---
UID: NC:delta.FX_CALLBACK
title: FX_CALLBACK (delta.h)
req.header: delta.h
api_name:
 - FX_CALLBACK
---

# FX_CALLBACK callback function

## -description

Called when an operation completes.

## -parameters

### -param Context [in]

The context.

## -syntax

\`\`\`cpp
FX_CALLBACK FxCallback;

VOID FxCallback(
  [in] PVOID Context
)
{...}
\`\`\`
`;

const STRUCT = `---
UID: NS:beta._FX_INFO
title: FX_INFO (beta.h)
req.header: beta.h
api_name:
 - FX_INFO
---

# _FX_INFO structure

## -description

Information about an operation.

## -struct-fields

### -field Size

The size of the structure.

### -field Flags

Flags.

## -syntax

\`\`\`cpp
typedef struct _FX_INFO {
  ULONG Size;
  ULONG Flags;
} FX_INFO, *PFX_INFO;
\`\`\`
`;

function statusReference(): string {
  const rows = [0, 1, 2, 3].map((k) => `| STATUS_FX_BUSY_${k} | 0xC0AB000${k} | The device is busy (${k}). |`).join('\n');
  return `# FX status codes

| Name | Value | Description |
|---|---|---|
| STATUS_SUCCESS | 0x00000000 | The operation completed successfully. |
| STATUS_INVALID_PARAMETER | 0xC000000D | An invalid parameter was passed. |
| STATUS_NOT_IMPLEMENTED | 0xC0000002 | The requested operation is not implemented. |
${rows}
`;
}

function conceptual(count: number): string {
  const rows = Array.from({ length: Math.min(count, 12) }, (_, i) => `| [FxOperation${i}](nf-fx-fxoperation${i}.md) | Step ${i}. |`).join('\n');
  return `# Using the FX operations

The FX functions work together.

| Function | Description |
|---|---|
${rows}
| [FxMissing](nf-fx-fxmissing.md) | Not documented anywhere. |
`;
}

/** Writes the fixture into `dir` (which must not exist or be empty): `docs/` plus `count` function pages and extras. */
export function writeScaleFixture(dir: string, count = 60): void {
  cpSync(DOCS, dir, { recursive: true });
  const fx = path.join(dir, 'fx');
  mkdirSync(path.join(fx, 'deep', 'er'), { recursive: true });
  for (let i = 0; i < count; i++) {
    const sub = i % 3 === 0 ? fx : i % 3 === 1 ? path.join(fx, 'deep') : path.join(fx, 'deep', 'er');
    writeFileSync(path.join(sub, `nf-fx-fxoperation${String(i).padStart(3, '0')}.md`), functionPage(i));
  }
  writeFileSync(path.join(fx, 'nc-fx-fxcallback.md'), CALLBACK);
  writeFileSync(path.join(fx, 'ns-fx-fxinfo.md'), STRUCT);
  writeFileSync(path.join(fx, 'fx-status.md'), statusReference());
  writeFileSync(path.join(fx, 'using-fx.md'), conceptual(count));
  writeFileSync(path.join(fx, 'empty.md'), '');
  // Binary bytes in a page's name: DG1002 (an image's name would make it a skipped non-page).
  writeFileSync(path.join(fx, 'binary.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]));
  writeFileSync(path.join(fx, 'utf16.md'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(functionPage(count + 1), 'utf16le')]));
  writeFileSync(path.join(fx, 'latin1.md'), Buffer.concat([Buffer.from('# Caf'), Buffer.from([0xe9]), Buffer.from('\n\nA page in Windows-1252.\n')]));
}
