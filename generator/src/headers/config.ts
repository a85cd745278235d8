/**
 * The build the headers are read for, as the macros a compiler and a build system would define.
 *
 * The main build is what a user-mode, 64-bit (x64), UNICODE Windows program sees, compiled by
 * mingw-w64's GCC: `_WIN32`/`_WIN64`, `_AMD64_`/`_M_AMD64`/`__x86_64__`, `UNICODE`/`_UNICODE`,
 * Windows 10 and later (`_WIN32_WINNT`/`WINVER` 0x0A00, a recent `NTDDI_VERSION`), the desktop
 * API family, C (not `__cplusplus`), not `_KERNEL_MODE`. `__GNUC__`, `__MINGW32__` and
 * `__MINGW64__` are defined because mingw-w64's headers are written for GCC and take their
 * `__attribute__` and nameless-union branches from them; `_MSC_VER` is not (it selects
 * MSVC-only intrinsics and pragmas). The Windows SDK reads the same way apart from its few
 * `_MSC_VER` tests, which are about warnings and intrinsics, not declarations.
 *
 * Variants are other builds whose branches are read too, never to produce facts of their own:
 * `ansi` (no UNICODE) gives the ANSI side of `#ifdef UNICODE` mappings, `x86` (32-bit) lets a
 * user see where a 64-bit-only branch was chosen.
 */

export interface HeaderBuildVariant {
  name: string;
  /** Macros added to (or replacing) the main build's. */
  define: Record<string, string>;
  /** Macros of the main build this variant does not define. */
  undefine: string[];
}

export interface HeaderConfig {
  /** The main build's predefined object-like macros: name → replacement text. */
  predefined: Record<string, string>;
  variants: HeaderBuildVariant[];
  /**
   * Headers included only for their `#pragma pack` (the Windows SDK convention `pshpack4.h` …
   * `poppack.h`): file name → the pack value it pushes, or `pop`.
   */
  packIncludes: Record<string, string>;
  /**
   * Macros the build knowingly leaves undefined: compilers, languages and targets it is not.
   * A header that stops with `#error` when one of these is missing is not for this build;
   * one that stops when another header's macro is missing (`__RPCNDR_H_VERSION__`) still is.
   */
  undefinedMacros: string[];
  /**
   * Folders of kernel-mode headers (mingw-w64's `ddk/`, the SDK's `km/`): when headers disagree,
   * these rank after the others, because the build is user mode.
   */
  kernelFolders: string[];
}

const MAIN_BUILD: Record<string, string> = {
  // Target and data model (LLP64).
  _WIN32: '1',
  _WIN64: '1',
  WIN32: '1',
  WIN64: '1',
  __WIN32__: '1',
  __WIN64__: '1',
  _AMD64_: '1',
  _M_AMD64: '100',
  _M_X64: '100',
  __x86_64__: '1',
  __x86_64: '1',
  __amd64__: '1',
  _INTEGRAL_MAX_BITS: '64',
  // Character set.
  UNICODE: '1',
  _UNICODE: '1',
  // Windows 10 and later, desktop apps.
  _WIN32_WINNT: '0x0A00',
  WINVER: '0x0A00',
  _WIN32_IE: '0x0A00',
  NTDDI_VERSION: '0x0A00000F',
  WINAPI_FAMILY: 'WINAPI_FAMILY_DESKTOP_APP',
  // The compiler mingw-w64's headers are written for.
  __GNUC__: '13',
  __GNUC_MINOR__: '0',
  __GNUC_PATCHLEVEL__: '0',
  __MINGW32__: '1',
  __MINGW64__: '1',
  __STDC__: '1',
  __STDC_VERSION__: '201710L',
  __SIZEOF_POINTER__: '8',
  __SIZEOF_LONG__: '4',
  __SIZEOF_INT__: '4',
  __SIZEOF_LONG_LONG__: '8',
  __SIZEOF_WCHAR_T__: '2',
  __CHAR_BIT__: '8',
};

export const DEFAULT_HEADER_CONFIG: HeaderConfig = {
  predefined: MAIN_BUILD,
  variants: [
    { name: 'ansi', define: {}, undefine: ['UNICODE', '_UNICODE'] },
    {
      name: 'x86',
      define: { _X86_: '1', _M_IX86: '600', __i386__: '1', __i386: '1', i386: '1' },
      undefine: ['_WIN64', 'WIN64', '__WIN64__', '_AMD64_', '_M_AMD64', '_M_X64', '__x86_64__', '__x86_64', '__amd64__'],
    },
  ],
  undefinedMacros: [
    '__cplusplus', '_MSC_VER', '_MSC_FULL_VER', '__clang__', '__CYGWIN__', '__CYGWIN32__', '__OBJC__', '__WIDL__', 'MIDL_PASS', '__midl',
    'RC_INVOKED', '_KERNEL_MODE', '_MAC', '_WIN32_WCE', '_M_ARM', '_M_ARM64', '_M_ARM64EC', '_ARM_', '_ARM64_', '__arm__', '__aarch64__',
    '_M_IA64', '_IA64_', '__ia64__', '_M_IX86', '_X86_', '__i386__', 'NONAMELESSUNION', 'NONAMELESSSTRUCT', 'COBJMACROS', 'CINTERFACE',
  ],
  kernelFolders: ['ddk', 'km'],
  packIncludes: {
    'pshpack1.h': '1',
    'pshpack2.h': '2',
    'pshpack4.h': '4',
    'pshpack8.h': '8',
    'pshpack16.h': '16',
    'poppack.h': 'pop',
  },
};

/** The predefined macros of every build, index 0 the main build. */
export function buildMacros(config: HeaderConfig): Map<string, string>[] {
  const main = new Map(Object.entries(config.predefined));
  const builds = [main];
  for (const variant of config.variants) {
    const macros = new Map(main);
    for (const name of variant.undefine) macros.delete(name);
    for (const [name, body] of Object.entries(variant.define)) macros.set(name, body);
    builds.push(macros);
  }
  return builds;
}

export function variantNames(config: HeaderConfig): string[] {
  return ['main', ...config.variants.map((v) => v.name)];
}
