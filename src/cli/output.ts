/** Printing for people: colour only on a terminal without NO_COLOR, and columns padded to line up. */

/** Whether to colour what goes to `stream`: a terminal, and NO_COLOR unset or empty (https://no-color.org). */
export function useColour(stream: { readonly isTTY?: boolean }, environment: NodeJS.ProcessEnv): boolean {
  const noColour = environment["NO_COLOR"];
  return stream.isTTY === true && (noColour === undefined || noColour === "");
}

/** ANSI styles that collapse to plain text when colour is off. */
export interface Styles {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
}

export function styles(colour: boolean): Styles {
  const wrap = (open: number, close: number) => (text: string): string => (colour ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39) };
}

/** Rows of cells with every column but the last padded to its widest cell. `style` may colour a cell after padding. */
export function table(rows: readonly (readonly string[])[], indent = "  ", style?: (row: number, column: number, padded: string) => string): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, column) => (widths[column] = Math.max(widths[column] ?? 0, cell.length)));
  return rows.map(
    (row, rowIndex) =>
      indent +
      row
        .map((cell, column) => {
          const padded = column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0);
          return style === undefined ? padded : style(rowIndex, column, padded);
        })
        .join("  ")
        .trimEnd(),
  );
}

/** Wraps a paragraph to `width` columns after `indent`. */
export function wrap(text: string, indent: string, width = 100): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (word === "") continue;
    if (line !== "" && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(indent + line);
  return lines;
}
