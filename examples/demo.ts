// Placeholder demo until the simulator lands: reads a board from a loopback server it starts.
import http from 'node:http';
import { firstValueFrom } from 'rxjs';
import { MiroApi } from '../src/index.js';

const server = http.createServer((_req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ id: 'demo', type: 'board', name: 'Demo board' }));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as { port: number };
const api = new MiroApi('demo-token', { baseUrl: `http://127.0.0.1:${port}` });
console.log(await firstValueFrom(api.getSpecificBoard('demo')));
server.close();
