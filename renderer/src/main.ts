// Keep this import first: it sends the first requests before the rest of the bundle is evaluated.
import { firstRequests } from './first-requests.js';
import './styles.css';
import { startApp } from './app.js';

function showStartFailure(error: unknown): void {
  // Nothing else can show it: the views failed to start.
  const problem = document.createElement('p');
  problem.className = 'error';
  problem.setAttribute('role', 'alert');
  problem.textContent = `The status window failed to start: ${String(error)}`;
  document.getElementById('content')?.replaceChildren(problem);
}

if (firstRequests instanceof Error) showStartFailure(firstRequests);
else
  void startApp(document, firstRequests.api, firstRequests.range, firstRequests.answers).catch(
    showStartFailure,
  );
