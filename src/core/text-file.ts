// The text of a file as .NET and VS Code read it: a byte-order mark picks UTF-8, UTF-16 LE or
// UTF-16 BE (Visual Studio and PowerShell save "Unicode" files as UTF-16), and without one the
// bytes are UTF-8. The mark itself stays at the start as U+FEFF, which every reader of settings
// and event files already skips. Invalid bytes become U+FFFD rather than failing the read, so a
// damaged file is reported by the parser with a position.

export function fileText(bytes: Uint8Array): string {
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'utf-8';
  return new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
}
