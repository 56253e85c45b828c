// The console's Content-Security-Policy forbids inline handlers (script-src 'self'), so the
// reconnect dialog's buttons (App.razor, data-reconnect-action) are wired here.
document.addEventListener('click', event => {
  const button = event.target instanceof Element ? event.target.closest('[data-reconnect-action]') : null;
  if (!button) {
    return;
  }

  const reloadUnless = ok => { if (!ok) { location.reload(); } };
  switch (button.dataset.reconnectAction) {
    case 'resume':
      if (Blazor.resumeCircuit) {
        Blazor.resumeCircuit().then(reloadUnless, () => location.reload());
      } else {
        location.reload();
      }
      break;
    case 'retry':
      Blazor.reconnect().then(reloadUnless, () => location.reload());
      break;
    default:
      location.reload();
  }
});
