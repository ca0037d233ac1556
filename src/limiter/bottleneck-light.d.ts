// Bottleneck's build without clustering support: no `eval("require")("ioredis")` and half the
// size, so browser bundles of the main entry stay clean. Same API as the full build.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
