/** A queue row's preview of a message: its first non-empty line, at most 60 characters (the snapshot stays small). */
export function previewOf(text: string | null | undefined, max = 60): string | undefined {
  const line = (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  if (!line) return undefined;
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}
