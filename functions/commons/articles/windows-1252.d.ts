// The package ships types that its "exports" map hides from NodeNext resolution.
declare module 'windows-1252' {
  export function decode(input: Uint8Array | string, options?: { mode?: 'replacement' | 'fatal' }): string;
}
