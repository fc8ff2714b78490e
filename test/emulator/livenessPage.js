/**
 * The hosted proof-of-life page the emulator serves at a session's sessionUrl: what the person
 * sees instead of MostQi's page. No script at all: "Start capture" is a plain form POST, and
 * while the capture runs the page reloads itself (meta refresh), so Chromium and a test with
 * plain HTTP requests play the person the same way.
 */
'use strict';

/** The page's own texts; the caller's uiCustomization messages replace the three messages. */
const TEXTS = {
	'pt-BR': {
		title: 'Prova de vida',
		start: 'Iniciar captura',
		welcome: 'Vamos confirmar que é você. Posicione o rosto na moldura.',
		success: 'Captura concluída. Obrigado!',
		failure: 'Não foi possível concluir a verificação.',
		doing: 'Captura em andamento…',
		expired: 'Este link expirou.',
		photosensitivity:
			'Atenção: esta verificação pisca cores na tela. Se você tem sensibilidade a luzes piscantes (epilepsia fotossensível), peça ajuda.',
	},
	en: {
		title: 'Proof of life',
		start: 'Start capture',
		welcome: "Let's confirm it is you. Place your face in the frame.",
		success: 'Capture complete. Thank you!',
		failure: 'The check could not be completed.',
		doing: 'Capture in progress…',
		expired: 'This link has expired.',
		photosensitivity:
			'Warning: this check flashes colours on the screen. If you are sensitive to flashing lights (photosensitive epilepsy), ask for help.',
	},
	es: {
		title: 'Prueba de vida',
		start: 'Iniciar captura',
		welcome: 'Confirmemos que eres tú. Coloca tu rostro en el marco.',
		success: 'Captura completada. ¡Gracias!',
		failure: 'No se pudo completar la verificación.',
		doing: 'Captura en curso…',
		expired: 'Este enlace ha caducado.',
		photosensitivity:
			'Atención: esta verificación hace parpadear colores en la pantalla. Si eres sensible a las luces intermitentes (epilepsia fotosensible), pide ayuda.',
	},
	fr: {
		title: 'Preuve de vie',
		start: 'Démarrer la capture',
		welcome: "Confirmons que c'est bien vous. Placez votre visage dans le cadre.",
		success: 'Capture terminée. Merci !',
		failure: "La vérification n'a pas pu aboutir.",
		doing: 'Capture en cours…',
		expired: 'Ce lien a expiré.',
		photosensitivity:
			"Attention : cette vérification fait clignoter des couleurs à l'écran. Si vous êtes sensible aux lumières clignotantes (épilepsie photosensible), demandez de l'aide.",
	},
};

/** The outcomes a test can pick with the test-only buttons (pageControls switch). */
const TEST_BUTTONS = [
	['live', 'live person'],
	['spoof', 'photo of a photo'],
	['unfinished', 'leave unfinished'],
	['error', 'error'],
];

function escapeHtml(text) {
	return String(text).replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
	);
}

/** The caller's text for the page's language, whichever Portuguese key was accepted. */
function callerMessage(messages, language) {
	if (!messages) return undefined;
	if (language === 'pt-BR') return messages.ptBR ?? messages['pt-BR'];
	return messages[language];
}

function language(ui) {
	return TEXTS[ui?.defaultLanguage] ? ui.defaultLanguage : 'pt-BR';
}

function message(session, which) {
	const lang = language(session.ui);
	return callerMessage(session.ui?.[`${which}Message`], lang) ?? TEXTS[lang][which];
}

function layout(session, body, refreshSeconds) {
	const ui = session.ui ?? {};
	const dark = ui.theme === 'dark';
	const primary = ui.primaryColor ?? '#0b5cff';
	const lang = language(ui);
	const refresh = refreshSeconds ? `<meta http-equiv="refresh" content="${refreshSeconds}">` : '';
	const topbar = ui.hideTopbar ? '' : `<header id="topbar">MostQi · ${TEXTS[lang].title}</header>`;
	return `<!DOCTYPE html>
<html lang="${lang}" data-theme="${dark ? 'dark' : 'light'}">
<head><meta charset="utf-8"><title>${escapeHtml(TEXTS[lang].title)}</title>${refresh}
<style>
body{font-family:sans-serif;margin:0;background:${dark ? '#111' : '#fff'};color:${dark ? '#eee' : '#111'}}
header{padding:8px 16px;background:${primary};color:#fff}
main{padding:16px}
button{background:${primary};color:#fff;border:0;padding:10px 16px;margin:4px;font-size:16px}
</style></head>
<body data-status="${session.status}">${topbar}<main>${body}</main></body></html>`;
}

function startForm(session, pageControls) {
	const lang = language(session.ui);
	const extra = pageControls
		? `<fieldset id="emulator-controls"><legend>MostQi emulator (tests only)</legend>${TEST_BUTTONS.map(
				([value, label]) =>
					`<button type="submit" name="outcome" value="${value}" id="start-capture-${value}">${escapeHtml(TEXTS[lang].start)} (${label})</button>`,
			).join('')}</fieldset>`
		: '';
	return `<form method="post" action="${escapeHtml(session.pagePath)}/start">
<button type="submit" id="start-capture">${escapeHtml(TEXTS[lang].start)}</button>${extra}</form>`;
}

/** The page for a session in its current state (TODO: welcome; DOING: wait; ended: message). */
function renderSession(session, options = {}) {
	const lang = language(session.ui);
	const t = TEXTS[lang];
	switch (session.status) {
		case 'TODO':
			return layout(
				session,
				`<h1>${escapeHtml(t.title)}</h1><p id="welcome">${escapeHtml(message(session, 'welcome'))}</p>
<p id="photosensitivity" role="note">${escapeHtml(t.photosensitivity)}</p>${startForm(session, options.pageControls)}`,
			);
		case 'DOING':
			return layout(session, `<p id="in-progress">${escapeHtml(t.doing)}</p>`, 1);
		case 'DONE':
			return layout(session, `<p id="success">${escapeHtml(message(session, 'success'))}</p>`);
		default:
			return layout(
				session,
				`<p id="failure">${escapeHtml(message(session, 'failure'))}</p>${
					session.status === 'EXPIRED' ? `<p id="expired">${escapeHtml(t.expired)}</p>` : ''
				}`,
			);
	}
}

/** A page without a session behind it (unknown or malformed link). */
function renderNotFound() {
	return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head><body><p id="not-found">This proof-of-life link does not exist.</p></body></html>`;
}

module.exports = { renderSession, renderNotFound, TEXTS, escapeHtml };
