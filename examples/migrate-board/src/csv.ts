/**
 * Parses CSV text (RFC 4180): fields separated by commas, rows by LF or CRLF, fields in double
 * quotes may hold commas, line breaks and doubled quotes (`""`). A leading byte-order mark is
 * dropped. Returns rows with the line each started on, for error messages.
 */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const rows: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let quoteLine = 0;
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const endRow = () => {
    fields.push(field);
    // A blank line is no row.
    if (fields.length > 1 || fields[0] !== '') rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
  };
  for (let i = 0; i < input.length; i++) {
    const char = input[i]!;
    if (quoted) {
      if (char === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        if (char === '\n') line++;
        field += char;
      }
    } else if (char === '"') {
      if (field !== '') throw new Error(`CSV line ${line}: a quote inside an unquoted field; quote the whole field and double the quote ("")`);
      quoted = true;
      quoteLine = line;
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && input[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      field += char;
    }
  }
  if (quoted) throw new Error(`CSV line ${quoteLine}: a quoted field is never closed`);
  if (field !== '' || fields.length > 0) endRow();
  return rows;
}
