/**
 * Writes the call signatures of one operation in both of its forms: the `MiroApi` method
 * (declared in the generated `MiroApiMethods` interface) and the function of its module,
 * which takes the `MiroClient` first and then exactly the method's arguments.
 */
import type { ModelOperation } from './spec-model.js';
import { docComment } from './emit-docs.js';

export interface ClientTypeNames {
  /** The constraint of the operation's item-type filter, when it has one (see generation.ts). */
  itemFilter(op: ModelOperation): string | undefined;
  query(op: ModelOperation): string | undefined;
  body(op: ModelOperation): string | undefined;
  response(op: ModelOperation): string;
  /** The method's JSDoc lines. */
  doc(op: ModelOperation): string[];
  /** What a streaming helper's JSDoc adds: credits, parameters, reference (position parameter named). */
  helperDoc(op: ModelOperation, position: string): string[];
}

export interface Argument {
  name: string;
  type: string;
  optional: boolean;
}

/** The client argument of every operation function. */
export const CLIENT_ARGUMENT: Argument = { name: 'client', type: 'MiroClient', optional: false };
/** The line the functions add to the method's JSDoc. */
export const CLIENT_DOC = '@param client The `MiroClient` that sends the call (its token, limiter, retries and transport).';

/** Writes arguments; an optional one followed by a required one takes `undefined` explicitly. */
export function parameterList(args: readonly Argument[]): string {
  return args
    .map((arg, index) => {
      const laterRequired = args.slice(index + 1).some((later) => !later.optional);
      if (!arg.optional) return `${arg.name}: ${arg.type}`;
      return laterRequired ? `${arg.name}: ${arg.type} | undefined` : `${arg.name}?: ${arg.type}`;
    })
    .join(', ');
}

/** JSDoc of the function form: the method's, with the client named before the other parameters. */
export function functionDoc(lines: readonly string[]): string[] {
  const at = lines.findIndex((line) => line.startsWith('@'));
  return at < 0 ? [...lines, CLIENT_DOC] : [...lines.slice(0, at), CLIENT_DOC, ...lines.slice(at)];
}

interface OperationShape {
  args: Argument[];
  /** The same arguments with the query unnarrowed: what the implementation takes. */
  implementationArgs: Argument[];
  typeParameters: string;
  response: string;
  /** The `OperationInput` the call hands to the client. */
  input: string;
}

function shapeOf(op: ModelOperation, names: ClientTypeNames): OperationShape {
  const args: Argument[] = op.pathParameters.map((p) => ({ name: p.key, type: 'string', optional: false }));
  const body = names.body(op);
  if (body) args.push({ name: 'body', type: `types.${body}`, optional: !op.body!.required });
  const query = names.query(op);
  const filter = names.itemFilter(op);
  const generic = filter ? '<T>' : '';
  const queryArg = query ? { name: 'query', type: `types.${query}${generic}`, optional: !op.queryParameters.some((p) => p.required) } : undefined;
  if (queryArg) args.push(queryArg);
  const input = [`path: [${op.pathParameters.map((p) => p.key).join(', ')}]`, ...(body ? ['body'] : []), ...(query ? ['query'] : [])].join(', ');
  return {
    args,
    // The implementation takes any filter: its query is the unnarrowed one.
    implementationArgs: args.map((arg) => (arg === queryArg ? { ...arg, type: `types.${query}` } : arg)),
    typeParameters: filter ? `<T extends ${filter} = never>` : '',
    response: `types.${names.response(op)}${generic}`,
    input: `{ ${input} }`,
  };
}

/** The two overloads of the `MiroApi` method, for the generated interface. */
export function methodDeclaration(op: ModelOperation, names: ClientTypeNames): string {
  const { args, typeParameters, response } = shapeOf(op, names);
  const doc = docComment(names.doc(op), '  ');
  const withOptions = (type: string, optional: boolean) => parameterList([...args, { name: 'options', type, optional }]);
  return [
    ...doc,
    // The body overload last: `ReturnType<typeof api.method>` reads the last signature.
    `  ${op.methodName}${typeParameters}(${withOptions('ResponseOptions', false)}): Observable<MiroResponse<${response}>>;`,
    ...doc,
    `  ${op.methodName}${typeParameters}(${withOptions('BodyOptions', true)}): Observable<${response}>;`,
  ].join('\n');
}

/** The function of the operation's module: the same overloads, the client first, one line of body. */
export function operationFunction(op: ModelOperation, names: ClientTypeNames, descriptor: string): string {
  const { args, implementationArgs, typeParameters, response, input } = shapeOf(op, names);
  const doc = docComment(functionDoc(names.doc(op)), '');
  const withOptions = (list: Argument[], type: string, optional: boolean) => parameterList([CLIENT_ARGUMENT, ...list, { name: 'options', type, optional }]);
  return [
    ...doc,
    `export function ${op.methodName}${typeParameters}(${withOptions(args, 'ResponseOptions', false)}): Observable<MiroResponse<${response}>>;`,
    ...doc,
    `export function ${op.methodName}${typeParameters}(${withOptions(args, 'BodyOptions', true)}): Observable<${response}>;`,
    `export function ${op.methodName}(${withOptions(implementationArgs, 'CallOptions', true)}): Observable<unknown> {`,
    `  return client.send(${descriptor}, ${input}, options);`,
    `}`,
  ].join('\n');
}
