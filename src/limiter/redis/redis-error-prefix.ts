/**
 * Redis 7 prefixes the errors that Lua scripts raise with `ERR ` (`ERR UNKNOWN_CLIENT`), and
 * Bottleneck 2.19.5 recognises its recovery cases by exact message (upstream #205/#212/#219, fix
 * unmerged). Without this, a process whose event loop stalled past `clientTimeout` fails every
 * later job, and a lost settings key fails every job for good. This wraps the connection's script
 * function so that the callback sees the message Bottleneck expects.
 */
interface ScriptConnection {
  __scriptFn__: (name: string) => (...args: unknown[]) => unknown;
}

const PREFIX = 'ERR ';
const RECOVERABLE = new Set(['UNKNOWN_CLIENT', 'SETTINGS_KEY_NOT_FOUND']);

export function stripRedis7ErrorPrefix(connection: object): void {
  const target = connection as ScriptConnection;
  const scriptFn = target.__scriptFn__.bind(target);
  target.__scriptFn__ = (name) => {
    const run = scriptFn(name);
    return (...args: unknown[]) => {
      const callback = args[args.length - 1] as (error: Error | null, replies: unknown) => void;
      args[args.length - 1] = (error: Error | null, replies: unknown) => {
        if (error?.message.startsWith(PREFIX) && RECOVERABLE.has(error.message.slice(PREFIX.length))) {
          error.message = error.message.slice(PREFIX.length);
        }
        callback(error, replies);
      };
      return run(...args);
    };
  };
}
