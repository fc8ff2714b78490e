'use strict';
/**
 * Debian's Chromium driven by playwright-core (no browser download works here), signed in to a
 * running n8n, with every request that would leave 127.0.0.1 answered locally and recorded:
 * the tests stay offline, and what the editor would open (Docs, Report issue) can be checked.
 */
const fs = require('node:fs');
const { chromium, selectors } = require('playwright-core');

const { OWNER } = require('../e2e/n8nHost');
const CHROMIUM_PATHS = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/google-chrome'];

function chromiumPath() {
	const found = CHROMIUM_PATHS.find((p) => p && fs.existsSync(p));
	if (!found)
		throw new Error(
			'no Chromium found: run test/ui/install.sh (apt-get install chromium) or set CHROMIUM_PATH',
		);
	return found;
}

/**
 * What npm's registry would answer for this package once published: n8n's editor reads the
 * package's `bugs` from it for "Report issue".
 */
function registryAnswer(pkg) {
	return JSON.stringify({
		name: pkg.name,
		'dist-tags': { latest: pkg.version },
		versions: { [pkg.version]: pkg },
		bugs: pkg.bugs,
		homepage: pkg.homepage,
		repository: pkg.repository,
	});
}

/**
 * Answers locally every request of `context` that would leave 127.0.0.1, and records its URL in
 * `outside` (npm's registry answers with this package, anything else with a blank page).
 */
async function offline(context, pkg, outside) {
	await context.route(
		(url) => url.hostname !== '127.0.0.1',
		(route) => {
			const url = route.request().url();
			outside.push(url);
			if (url === `https://registry.npmjs.org/${pkg.name}`) {
				return route.fulfill({
					status: 200,
					contentType: 'application/json',
					body: registryAnswer(pkg),
				});
			}
			return route.fulfill({
				status: 200,
				contentType: 'text/html',
				body: '<html><body>outside</body></html>',
			});
		},
	);
}

/**
 * Launches Chromium and signs in through n8n's sign-in page. `outside` collects the URLs the
 * editor asked for beyond 127.0.0.1 (pages it opened included).
 */
async function openEditor(baseURL, pkg) {
	selectors.setTestIdAttribute('data-test-id');
	const browser = await chromium.launch({
		executablePath: chromiumPath(),
		// --no-sandbox: CI runs as root, where Chromium's sandbox cannot start
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-dev-shm-usage',
			'--disable-background-networking',
		],
	});
	const context = await browser.newContext({
		baseURL,
		viewport: { width: 1400, height: 900 },
		colorScheme: 'light',
	});
	context.setDefaultTimeout(30_000);
	const outside = [];
	await offline(context, pkg, outside);
	const page = await context.newPage();
	await page.goto('/signin');
	await page.getByLabel('Email').fill(OWNER.email);
	await page.getByLabel('Password').fill(OWNER.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
	return { browser, context, page, outside };
}

/**
 * Picks `label` in the dropdown of parameter `name` (an options field of the node or the
 * credential). Waits for any other dropdown to close first: a closing one still holds the same
 * option labels for a moment.
 */
async function choose(scope, page, name, label) {
	const items = page.locator('[data-test-id=parameter-input-item]:visible');
	await items.first().waitFor({ state: 'hidden' });
	await scope.getByTestId(`parameter-input-${name}`).click();
	await items.filter({ hasText: new RegExp(`^${label}`) }).click();
	await items.first().waitFor({ state: 'hidden' });
}

/** The page opened by `click` (n8n opens Docs and Report issue in a new tab); closed after. */
async function openedBy(context, click) {
	const [opened] = await Promise.all([context.waitForEvent('page', { timeout: 10_000 }), click()]);
	await opened.waitForLoadState('domcontentloaded').catch(() => undefined);
	const url = opened.url();
	await opened.close();
	return url;
}

/**
 * Saves a screenshot of `target` (a locator, or the page) in n8n's light and dark themes:
 * `<name>-light.png` and `<name>-dark.png` in `dir`. n8n applies its theme as the body's
 * data-theme attribute, so both are taken from the same screen.
 */
async function screenshots(page, target, dir, name) {
	fs.mkdirSync(dir, { recursive: true });
	// n8n's toasts ("Workflow executed successfully") would cover part of the picture
	const noToasts = await page.addStyleTag({
		content: '.el-notification { display: none !important; }',
	});
	for (const theme of ['light', 'dark']) {
		await page.evaluate((t) => document.body.setAttribute('data-theme', t), theme);
		await page.waitForTimeout(300);
		await target.screenshot({
			path: `${dir}/${name}-${theme}.png`,
			animations: 'disabled',
			caret: 'hide',
		});
	}
	await page.evaluate(() => document.body.removeAttribute('data-theme'));
	await noToasts.evaluate((style) => style.remove());
}

module.exports = { openEditor, offline, choose, openedBy, screenshots };
