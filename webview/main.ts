// The timeline webview's entry: toolbar, status line and the timeline itself. It says `ready`
// first; the host answers with the timeline (or an error reply), and Refresh asks again.
import type { HostToWebview, TimelineData } from '../src/timeline/protocol';
import { HostConnection, saveState, savedState } from './host';
import { renderTimeline } from './render';
import { BUTTON_TAG, PROGRESS_RING_TAG, registerToolkit } from './toolkit';

registerToolkit();

const app = document.getElementById('app') ?? document.body;
const title = document.createElement('h1');
title.dataset.testid = 'title';
title.textContent = 'Learner timeline';

const refresh = document.createElement(BUTTON_TAG);
refresh.dataset.testid = 'refresh';
refresh.textContent = 'Refresh';
refresh.setAttribute('appearance', 'secondary');
refresh.setAttribute('aria-label', 'Peek the messages again');

const toolbar = document.createElement('header');
toolbar.className = 'toolbar';
toolbar.append(title, refresh);

const status = document.createElement('div');
status.className = 'status';
status.dataset.testid = 'status';
status.setAttribute('role', 'status');

const content = document.createElement('div');
content.className = 'content';
app.append(toolbar, status, content);

let current: TimelineData | undefined;
let restoreScroll = savedState()?.scrollY;

function showStatus(kind: 'loading' | 'error' | 'none', message = ''): void {
  status.replaceChildren();
  status.dataset.kind = kind;
  status.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  if (kind === 'loading') {
    status.append(document.createElement(PROGRESS_RING_TAG));
  }
  if (message) {
    const text = document.createElement('span');
    text.textContent = message;
    status.append(text);
  }
  refresh.toggleAttribute('disabled', kind === 'loading');
}

function show(data: TimelineData): void {
  current = data;
  title.textContent = data.title;
  content.replaceChildren(renderTimeline(data));
  showStatus('none');
  saveState({ source: data.source, scrollY: restoreScroll ?? 0 });
  if (restoreScroll !== undefined) {
    window.scrollTo(0, restoreScroll);
    restoreScroll = undefined;
  }
}

const host = new HostConnection(
  (message: HostToWebview) => {
    switch (message.type) {
      case 'loading':
        showStatus('loading', message.message);
        break;
      case 'timeline':
        show(message.data);
        break;
      case 'error':
        showStatus('error', message.message);
        break;
    }
  },
  () => showStatus('error', 'The extension did not answer. Select Refresh to try again.'),
);

refresh.addEventListener('click', () => host.request('refresh'));

let scrollSaveQueued = false;
window.addEventListener('scroll', () => {
  if (!current || scrollSaveQueued) {
    return;
  }
  scrollSaveQueued = true;
  requestAnimationFrame(() => {
    scrollSaveQueued = false;
    if (current) {
      saveState({ source: current.source, scrollY: window.scrollY });
    }
  });
});

showStatus('loading', 'Loading the timeline…');
host.request('ready');
