// The demo host page: logs the widget's lifecycle events and opens it through the JS API with prefill.
(function () {
  var log = document.getElementById('event-log');
  window.holdlessEvents = [];
  window.addEventListener('holdless:event', function (e) {
    var d = e.detail;
    window.holdlessEvents.push(d);
    var li = document.createElement('li');
    li.textContent = d.at.slice(11, 19) + '  ' + d.type + (d.stage ? ' (' + d.stage + ')' : '') +
      (d.error ? ' ' + d.error.code : '') + (d.callbackId ? '  #' + d.callbackId.slice(-6) : '') +
      '  +' + (d.elapsedMs.sinceOpen === null ? '-' : d.elapsedMs.sinceOpen) + ' ms';
    log.prepend(li);
  });
  document.getElementById('call-me-signed-in').addEventListener('click', function () {
    window.Holdless && window.Holdless.open({
      prefill: { firstName: 'Erika', lastName: 'Mustermann', phone: '030 1234567', country: 'DE' },
      customerId: 'C-1001',
      context: { plan: 'Green 24', page: 'billing-help' },
    });
  });
})();
