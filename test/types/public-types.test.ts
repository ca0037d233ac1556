/**
 * Type-level facts of the public API, checked by the TypeScript compiler itself: the fixture in
 * fixtures/ compiles under `strict` (narrowing, overload choice, int64 types), and no exported
 * signature mentions `any`.
 */
import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/board-item-types.ts', import.meta.url));
const bulkFixture = fileURLToPath(new URL('./fixtures/bulk-item-types.ts', import.meta.url));
const entryPoints = ['src/index.ts', 'src/simulator/index.ts', 'src/node/index.ts'].map((file) => `${root}${file}`);

const options: ts.CompilerOptions = {
  strict: true,
  noUncheckedIndexedAccess: true,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  types: ['node'],
  skipLibCheck: true,
  noEmit: true,
};
const program = ts.createProgram([fixture, bulkFixture, ...entryPoints], options);
const checker = program.getTypeChecker();

function lineOf(text: string, position: number): number {
  return text.slice(0, position).split('\n').length - 1;
}

function diagnosticsOf(of: ts.Program, file: string): { line: number; message: string }[] {
  return ts.getPreEmitDiagnostics(of, of.getSourceFile(file)).map((d) => ({
    line: d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1,
    message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  }));
}

describe('public types', () => {
  it('the strict fixture compiles: item narrowing, { type } filters, overload order, int64', () => {
    const diagnostics = ts.getPreEmitDiagnostics(program, program.getSourceFile(fixture));
    const messages = diagnostics.map((d) => {
      const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
      return `line ${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(messages).toEqual([]);
  });

  it('a bulk input with a field its type lacks fails to compile however it is written, and the error names the field', () => {
    expect(diagnosticsOf(program, bulkFixture)).toEqual([]);
    // Without its @ts-expect-error comments each marked line must fail, naming its field.
    const source = program.getSourceFile(bulkFixture)!.text;
    const marker = /\/\/ @ts-expect-error names (\S+):/g;
    const expected = [...source.matchAll(marker)].map((match) => ({ line: lineOf(source, match.index) + 1, field: match[1]! }));
    expect(expected.length).toBeGreaterThanOrEqual(10);
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    host.readFile = (file) => (file === bulkFixture ? source.replaceAll('@ts-expect-error', 'expected error') : readFile(file));
    const bare = ts.createProgram([bulkFixture, ...entryPoints], options, host, program);
    const failures = new Map(diagnosticsOf(bare, bulkFixture).map(({ line, message }) => [line, message]));
    const found = expected.map(({ line, field }) => ({ line, field, named: failures.get(line)?.includes(`'${field}'`) ?? false }));
    expect(found).toEqual(expected.map(({ line, field }) => ({ line, field, named: true })));
    expect(failures.size).toBe(expected.length);
  });

  it('no exported signature of miro-rx, miro-rx/simulator or miro-rx/node mentions any', () => {
    const found: string[] = [];
    const seen = new Set<ts.Type>();
    const visit = (type: ts.Type, where: string, depth: number): void => {
      if (type.flags & ts.TypeFlags.Any) {
        found.push(where);
        return;
      }
      if (seen.has(type) || depth > 12) return;
      seen.add(type);
      if (type.isUnionOrIntersection()) type.types.forEach((member) => visit(member, where, depth + 1));
      const reference = type as ts.TypeReference;
      if (type.flags & ts.TypeFlags.Object) {
        const target = reference.target?.symbol?.declarations?.[0]?.getSourceFile().fileName ?? '';
        // TypeScript's own Iterable/Iterator default TReturn and TNext to any: only their item counts.
        const args = checker.getTypeArguments(reference) ?? [];
        (target.includes('/typescript/lib/') ? args.slice(0, 1) : args).forEach((arg, i) => visit(arg, `${where}<${i}>`, depth + 1));
        for (const signature of [...type.getCallSignatures(), ...type.getConstructSignatures()]) visitSignature(signature, where, depth + 1);
        for (const property of type.getProperties()) {
          const declaration = property.valueDeclaration ?? property.declarations?.[0];
          // Only miro-rx's own declarations: rxjs, Node and the DOM have their own reasons.
          if (!declaration?.getSourceFile().fileName.startsWith(`${root}src/`)) continue;
          visit(checker.getTypeOfSymbolAtLocation(property, declaration), `${where}.${property.name}`, depth + 1);
        }
      }
    };
    const visitSignature = (signature: ts.Signature, where: string, depth: number) => {
      for (const parameter of signature.getParameters()) {
        const declaration = parameter.valueDeclaration ?? parameter.declarations?.[0];
        if (declaration) visit(checker.getTypeOfSymbolAtLocation(parameter, declaration), `${where}(${parameter.name})`, depth);
      }
      visit(signature.getReturnType(), `${where}()`, depth);
    };
    for (const entry of entryPoints) {
      const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
      for (const exported of checker.getExportsOfModule(module)) {
        const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
        const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
        if (!declaration) continue;
        if (symbol.flags & (ts.SymbolFlags.Type | ts.SymbolFlags.Class)) visit(checker.getDeclaredTypeOfSymbol(symbol), exported.name, 0);
        if (symbol.valueDeclaration) visit(checker.getTypeOfSymbolAtLocation(symbol, declaration), exported.name, 0);
      }
    }
    expect(found).toEqual([]);
  });
});
