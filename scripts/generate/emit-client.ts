/** Emits the class with one Observable method per operation. */
import type { ModelOperation } from './spec-model.js';
import { docComment } from './emit-docs.js';

export interface ClientTypeNames {
  /** The constraint of the operation's item-type filter, when it has one (see index.ts). */
  itemFilter(op: ModelOperation): string | undefined;
  query(op: ModelOperation): string | undefined;
  body(op: ModelOperation): string | undefined;
  response(op: ModelOperation): string;
  /** The method's JSDoc lines. */
  doc(op: ModelOperation): string[];
  /** What a streaming helper's JSDoc adds: credits, parameters, reference (position parameter named). */
  helperDoc(op: ModelOperation, position: string): string[];
}

interface Argument {
  name: string;
  type: string;
  optional: boolean;
}

/** Writes arguments; an optional one followed by a required one takes `undefined` explicitly. */
function parameterList(args: Argument[]): string {
  return args
    .map((arg, index) => {
      const laterRequired = args.slice(index + 1).some((later) => !later.optional);
      if (!arg.optional) return `${arg.name}: ${arg.type}`;
      return laterRequired ? `${arg.name}: ${arg.type} | undefined` : `${arg.name}?: ${arg.type}`;
    })
    .join(', ');
}

export function clientMethod(op: ModelOperation, names: ClientTypeNames): string {
  const args: Argument[] = op.pathParameters.map((p) => ({ name: p.key, type: 'string', optional: false }));
  const body = names.body(op);
  if (body) args.push({ name: 'body', type: `types.${body}`, optional: !op.body!.required });
  const query = names.query(op);
  const filter = names.itemFilter(op);
  const generic = filter ? '<T>' : '';
  const queryArg = query ? { name: 'query', type: `types.${query}${generic}`, optional: !op.queryParameters.some((p) => p.required) } : undefined;
  if (queryArg) args.push(queryArg);
  const response = `types.${names.response(op)}${generic}`;
  const typeParameters = filter ? `<T extends ${filter} = never>` : '';
  const withOptions = (type: string, optional: boolean) => parameterList([...args, { name: 'options', type, optional }]);
  // The implementation takes any filter: its query is the unnarrowed one.
  const implementationArgs = args.map((arg) => (arg === queryArg ? { ...arg, type: `types.${query}` } : arg));
  const input = [
    `path: [${op.pathParameters.map((p) => p.key).join(', ')}]`,
    ...(body ? ['body'] : []),
    ...(query ? ['query'] : []),
  ].join(', ');
  const doc = docComment(names.doc(op), '  ');
  return [
    ...doc,
    // The body overload last: `ReturnType<typeof api.method>` reads the last signature.
    `  ${op.methodName}${typeParameters}(${withOptions('ResponseOptions', false)}): Observable<MiroResponse<${response}>>;`,
    ...doc,
    `  ${op.methodName}${typeParameters}(${withOptions('BodyOptions', true)}): Observable<${response}>;`,
    `  ${op.methodName}(${parameterList([...implementationArgs, { name: 'options', type: 'CallOptions', optional: true }])}): Observable<unknown> {`,
    `    return this.send(operations.${op.methodName}, { ${input} }, options);`,
    `  }`,
  ].join('\n');
}
