// The demo host page: logs the widget's lifecycle events (in local time) and opens it through the JS API with prefill.
(function () {
  var log = document.getElementById('event-log');
  var empty = document.getElementById('event-empty');
  var time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  window.holdlessEvents = [];
  window.addEventListener('holdless:event', function (e) {
    var d = e.detail;
    window.holdlessEvents.push(d);
    var li = document.createElement('li');
    li.textContent = time.format(new Date(d.at)) + '  ' + d.type + (d.stage ? ' (' + d.stage + ')' : '') +
      (d.error ? ' ' + d.error.code : '') + (d.callbackId ? '  #' + d.callbackId.slice(-6) : '') +
      '  +' + (d.elapsedMs.sinceOpen === null ? '-' : d.elapsedMs.sinceOpen) + ' ms';
    log.prepend(li);
    log.hidden = false;
    empty.hidden = true;
  });
  document.getElementById('call-me-signed-in').addEventListener('click', function () {
    window.Holdless && window.Holdless.open({
      prefill: { firstName: 'Erika', lastName: 'Mustermann', phone: '030 1234567', country: 'DE' },
      customerId: 'C-1001',
      context: { plan: 'Green 24', page: 'billing-help' },
    });
  });
})();
