/* Service worker of the /app-demo page: shows "your callback is ready" pushes and passes them and
   the notification's actions to the open page. Plain JS: it runs in a worker scope, not the DOM. */
'use strict';

async function onPush(message) {
  if (!message) return;
  const clients = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const c of clients) c.postMessage({ type: 'holdless-push', message });
  await self.registration.showNotification(message.title || 'Your callback', {
    body: message.body || '',
    tag: message.callbackId || 'holdless',
    data: message,
    requireInteraction: message.kind === 'callback-ready',
    // Browsers show at most Notification.maxActions buttons (2 in Chromium): cancel stays in the page.
    actions: message.kind === 'callback-ready'
      ? [{ action: 'accept', title: 'Accept' }, { action: 'snooze', title: 'Snooze' }, { action: 'cancel', title: 'Cancel' }]
        .slice(0, self.Notification && self.Notification.maxActions ? self.Notification.maxActions : 2)
      : [],
  });
}
// Exposed so a browser test can feed a decrypted message without a real push service.
self.holdlessOnPush = onPush;

self.addEventListener('push', (event) => {
  let message;
  try { message = event.data ? event.data.json() : undefined; } catch { message = undefined; }
  event.waitUntil(onPush(message));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const action = event.action || 'open';
  event.waitUntil((async () => {
    const clients = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    const client = clients[0];
    if (client) {
      client.postMessage({ type: 'holdless-action', action, message: event.notification.data });
      return client.focus();
    }
    return self.clients.openWindow('/app-demo' + (action !== 'open' ? '?action=' + action : ''));
  })());
});

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
