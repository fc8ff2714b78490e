/** The node as n8n loads it: its versions, and the codex file listed with it. */
import { MostQiFaceCompare } from '../../../../nodes/MostQiFaceCompare/MostQiFaceCompare.node';
import codex from '../../../../nodes/MostQiFaceCompare/MostQiFaceCompare.node.json';

const node = new MostQiFaceCompare();

test('two versions, 2 the default for new nodes', () => {
	expect(Object.keys(node.nodeVersions)).toEqual(['1', '2']);
	expect(node.description.defaultVersion).toBe(2);
	expect(node.getNodeType().description.version).toBe(2);
});

test('documentation links have no #fragment (n8n appends its query after it)', () => {
	const urls = [
		...codex.resources.primaryDocumentation,
		...codex.resources.credentialDocumentation,
	].map((r) => r.url);
	expect(urls.length).toBeGreaterThan(0);
	for (const url of urls) expect(url).not.toContain('#');
});

test('listed where n8n puts face recognition and identity (Development, as AWS Rekognition and Okta) and where KYC belongs (Finance & Accounting), not under Data & Storage', () => {
	expect(codex.categories).toEqual(['Development', 'Finance & Accounting']);
	expect(codex.alias).toEqual(
		expect.arrayContaining(['KYC', 'identity verification', 'face verification']),
	);
});
