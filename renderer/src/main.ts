import './styles.css';
import { rangeFromHash, startApp } from './app.js';
import { pickTransport } from './transport/pick.js';

void startApp(document, pickTransport(window), rangeFromHash(location.hash)).catch((error: unknown) => {
  // Nothing else can show it: the views failed to start.
  const problem = document.createElement('p');
  problem.className = 'error';
  problem.setAttribute('role', 'alert');
  problem.textContent = `The status window failed to start: ${String(error)}`;
  document.getElementById('content')?.replaceChildren(problem);
});
