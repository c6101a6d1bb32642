// The LuCI protocol page (luci-proto-cellink) under a small stand-in of
// LuCI's client API: it must parse, register proto 'cellink', and declare
// every option the netifd handler declares (its proto_config_add_* calls,
// with proto_config_add_defaults' options), each on a tab with a title, and
// no option the handler lacks. Error codes cellink reports to netifd (the
// table in conn_exit.h, and the handler's own) have a text on the page.
// usage: node luci_page.js PAGE.js HANDLER.sh NETIFD_PROTO_STANDIN.sh CONN_EXIT.h
'use strict';
const fs = require('fs');

const [pagePath, handlerPath, protoPath, exitPath] = process.argv.slice(2);
if (!exitPath) {
	console.error('usage: node luci_page.js PAGE.js HANDLER.sh NETIFD_PROTO_STANDIN.sh CONN_EXIT.h');
	process.exit(2);
}
const page = fs.readFileSync(pagePath, 'utf8');
const handler = fs.readFileSync(handlerPath, 'utf8');
const protoStandin = fs.readFileSync(protoPath, 'utf8');
const exitHeader = fs.readFileSync(exitPath, 'utf8');

// error codes LuCI's network.js knows by itself
const LUCI_BUILTIN_ERRORS = [ 'NO_DEVICE', 'NO_IFACE', 'NO_IFNAME' ];

// The options the handler declares to netifd.
function handlerOptions(text) {
	const opts = new Set();
	for (const m of text.matchAll(/^\s*proto_config_add_(?:string|int|boolean|array)\s+"?([A-Za-z0-9_]+)(?::[A-Za-z0-9_]+)?"?/gm))
		opts.add(m[1]);
	if (/^\s*proto_config_add_defaults\b/m.test(text)) {
		const d = protoStandin.match(/^PROTO_DEFAULT_OPTIONS="([^"]*)"/m);
		if (!d)
			throw new Error('no PROTO_DEFAULT_OPTIONS in ' + protoPath);
		d[1].split(/\s+/).filter(Boolean).forEach(o => opts.add(o));
	}
	return opts;
}

// The error codes cellink and the handler hand to netifd.
function errorCodes(text) {
	const codes = new Set();
	for (const m of exitHeader.matchAll(/^\s*X\(([A-Z_]+),\s*[0-9]+,/gm))
		if (m[1] !== 'OK')
			codes.add(m[1]);
	for (const m of text.matchAll(/proto_notify_error\s+"\$interface"\s+([A-Z_]+)/g))
		codes.add(m[1]);
	return codes;
}

// ---- the stand-in of LuCI's API ----
function loadPage(source) {
	const rec = { protocols: {}, errors: {}, virtual: [], options: [], problems: [] };
	class AbstractValue {
		constructor(section, name, title, description) {
			this.section = section;
			this.option = name;
			this.title = title;
			this.description = description;
			this.deps = [];
			this.values = [];
		}
		depends(k, v) { this.deps.push([ k, v ]); }
		value(k, v) { this.values.push([ k, v ]); }
		load() { return Promise.resolve(); }
	}
	class Value extends AbstractValue {}
	class ListValue extends Value {}
	class Flag extends AbstractValue {
		constructor(...a) { super(...a); this.enabled = '1'; this.disabled = '0'; }
	}
	const form = { Value, ListValue, Flag, DynamicList: class extends Value {}, DummyValue: class extends AbstractValue {} };
	const network = {
		registerProtocol(name, methods) { rec.protocols[name] = methods; return methods; },
		registerPatternVirtual(re) { rec.virtual.push(re); },
		registerErrorCode(code, text) {
			if (typeof text !== 'string' || !text)
				rec.problems.push('error code ' + code + ' has no text');
			rec.errors[code] = text;
		},
		getIfnameOf() { return null; },
	};
	const rpc = { declare(spec) { return () => Promise.resolve([]); } };
	const L = {
		bind(fn, self, ...a) { return fn.bind(self, ...a); },
		hasSystemFeature() { return true; },
	};
	const _ = s => s;
	if (!String.prototype.format)
		String.prototype.format = function(...a) { let i = 0; return this.replace(/%s/g, () => String(a[i++])); };
	// LuCI runs a view's source as the body of a function; 'require' lines
	// are directives its loader reads, here plain string statements
	const fn = new Function('rpc', 'form', 'network', 'L', '_', source);
	const proto = fn(rpc, form, network, L, _);
	return { rec, proto };
}

function checkPage(handlerText) {
	const problems = [];
	let loaded;
	try {
		loaded = loadPage(page);
	} catch (e) {
		return [ 'the page does not load: ' + e.message ];
	}
	const { rec, proto } = loaded;
	problems.push(...rec.problems);
	if (!rec.protocols.cellink || proto !== rec.protocols.cellink)
		return problems.concat('the page does not register proto cellink');
	for (const m of [ 'getI18n', 'getIfname', 'getOpkgPackage', 'renderFormOptions' ])
		if (typeof proto[m] !== 'function')
			problems.push('the protocol lacks ' + m);
	if (proto.getOpkgPackage() !== 'cellink')
		problems.push('getOpkgPackage is not cellink');

	const declared = new Map();
	const section = {
		taboption(tab, Cls, name, title, description) {
			const o = new Cls(this, name, title, description);
			o.tab = tab;
			declared.set(name, o);
			return o;
		},
	};
	const self = Object.assign(Object.create(proto), {
		sid: 'wan', getL3Device: () => null, getDevice: () => null, _ubus: () => null,
	});
	proto.renderFormOptions.call(self, section);

	const uci = new Map();  // uci option -> form option
	for (const o of declared.values()) {
		const name = o.ucioption || o.option;
		if (uci.has(name))
			problems.push('option ' + name + ' declared twice');
		uci.set(name, o);
		if (o.tab !== 'general' && o.tab !== 'advanced')
			problems.push('option ' + name + ' on an unknown tab ' + o.tab);
		if (typeof o.title !== 'string' || !o.title)
			problems.push('option ' + name + ' has no title');
		for (const [ k ] of o.deps)
			if (!declared.has(k))
				problems.push('option ' + name + ' depends on ' + k + ', which the page lacks');
	}
	const wanted = handlerOptions(handlerText);
	for (const name of wanted)
		if (!uci.has(name))
			problems.push('the handler has option ' + name + ', the page lacks it');
	for (const name of uci.keys())
		if (!wanted.has(name))
			problems.push('the page has option ' + name + ', the handler lacks it');
	for (const code of errorCodes(handlerText))
		if (!(code in rec.errors) && !LUCI_BUILTIN_ERRORS.includes(code))
			problems.push('error code ' + code + ' has no text on the page');

	// the validators say yes and no
	const apn = uci.get('apn');
	if (apn && apn.validate) {
		if (apn.validate('wan', 'internet.example') !== true)
			problems.push('a good APN is refused');
		if (apn.validate('wan', 'bad apn') === true)
			problems.push('an APN with a space is accepted');
	}
	const modes = uci.get('modes');
	if (modes && modes.validate) {
		if (modes.validate('wan', 'lte,umts') !== true)
			problems.push('modes lte,umts refused');
		if (modes.validate('wan', 'lte,5g') === true)
			problems.push('an unknown radio mode is accepted');
	}
	return problems;
}

let failed = false;
const problems = checkPage(handler);
for (const p of problems) {
	console.log('FAIL: ' + p);
	failed = true;
}
const n = handlerOptions(handler).size;
if (n < 20) {
	console.log('FAIL: only ' + n + ' options found in the handler');
	failed = true;
}
// the check itself: a handler with one more option must fail it
const more = handler.replace(/^(\s*)proto_config_add_defaults/m, '$1proto_config_add_string newoption\n$1proto_config_add_defaults');
if (!checkPage(more).some(p => /option newoption, the page lacks it/.test(p))) {
	console.log('FAIL: a handler option missing from the page goes unnoticed');
	failed = true;
}
if (failed)
	process.exit(1);
console.log('ok: the LuCI page declares the handler\'s ' + n + ' options and ' + errorCodes(handler).size + ' error codes');
