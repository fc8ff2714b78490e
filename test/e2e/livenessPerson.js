'use strict';
/** The person of a hosted liveness check, played over HTTP against the emulator's page. */
const assert = require('node:assert/strict');

/** The person on MostQi's page: it opens, "Start capture" is pressed (the page's form POST). */
async function pressStart(sessionUrl) {
	const opened = await fetch(sessionUrl);
	const html = await opened.text();
	assert.equal(opened.status, 200, html.slice(0, 300));
	assert.match(html, /id="start-capture"/);
	const started = await fetch(`${sessionUrl}/start`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: '',
		redirect: 'manual',
	});
	assert.equal(started.status, 303);
}

module.exports = { pressStart };
