'use strict';
/**
 * End-to-end checks of how the package is installed by hand, on one host. The README's command
 * (`npm install n8n-nodes-mostqi --legacy-peer-deps`, as n8n's own installer drops the peer)
 * brings no second n8n-workflow; a plain `npm install` does (npm 7+ installs peers), and the node
 * must then still read its errors right: a wrong client key is MostQi's R117, tried once, not
 * "Could not reach MostQi" retried three times.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const { makePng } = require('../fixtures/images');
const host = require('./n8nHost');
const wf = require('./workflows');

const WRONG_KEY = 'ck_e2e_not_issued_0000000000000000000000';
const peerOf = (folder) => path.join(folder, '.n8n', 'nodes', 'node_modules', 'n8n-workflow');

async function installChecks({ target, tarball, emulator, check }) {
	const name = target.name;
	await check(
		`${name}: installed as the README says, no second n8n-workflow beside the package`,
		async () => {
			const folder = host.userFolder(tarball);
			try {
				assert.ok(
					fs.existsSync(
						path.join(folder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-mostqi', 'package.json'),
					),
				);
				assert.ok(!fs.existsSync(peerOf(folder)), 'n8n-workflow was installed beside the package');
			} finally {
				fs.rmSync(folder, { recursive: true, force: true });
			}
		},
	);

	await check(
		`${name}: installed with a second n8n-workflow (plain npm install), a wrong client key is R117, tried once`,
		async () => {
			const folder = host.userFolder(tarball, { withPeers: true });
			try {
				assert.ok(
					fs.existsSync(peerOf(folder)),
					'plain npm install brought no n8n-workflow: the check proves nothing',
				);
				const credential = {
					...wf.CREDENTIAL.mostQiApi,
					type: 'mostQiApi',
					data: { authType: 'clientKey', clientKey: WRONG_KEY, baseUrl: emulator.url },
				};
				await host.importCredentials(target, folder, [credential]);
				const pair = {
					person: 'kai',
					selfie: makePng('kai', { seed: 's' }).toString('base64'),
					document: makePng('kai', { seed: 'd' }).toString('base64'),
				};
				const workflow = wf.codeBinary('second-workflow-copy', [pair]);
				workflow.nodes[2].onError = 'continueRegularOutput';
				await host.importWorkflow(target, folder, workflow);
				emulator.reset();
				const { items, res } = await host.execute(target, folder, workflow.id);
				assert.ok(
					items,
					`no items; stdout: ${res.stdout.slice(0, 1500)}\nstderr: ${res.stderr.slice(-1500)}`,
				);
				assert.equal(items.length, 1);
				assert.equal(items[0].json.errorCode, 'R117', JSON.stringify(items[0].json));
				assert.equal(items[0].json.attempts, 1, JSON.stringify(items[0].json));
				assert.match(String(items[0].json.error), /^Could not get a MostQi token/);
				assert.equal(emulator.log.filter((e) => e.path === '/user/authenticate').length, 1);
				assert.equal(emulator.compares().length, 0);
			} finally {
				fs.rmSync(folder, { recursive: true, force: true });
			}
		},
	);
}

module.exports = { installChecks };
