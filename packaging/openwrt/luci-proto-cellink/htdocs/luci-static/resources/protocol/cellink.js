'use strict';
'require rpc';
'require form';
'require network';

// The options of proto 'cellink' (the netifd handler in the cellink
// package, lib/netifd/proto/cellink.sh), which reads those of proto 'qmi'.

var listControlDevices = rpc.declare({
	object: 'file',
	method: 'list',
	params: [ 'path' ],
	expect: { entries: [] },
	filter: function(entries, params) {
		return entries
			.filter(function(e) { return /^cdc-wdm[0-9]+$/.test(e.name); })
			.map(function(e) { return params.path + e.name; })
			.sort();
	}
});

network.registerPatternVirtual(/^cellink-.+$/);

// the errors cellink reports to netifd (cellink connect --help lists them)
network.registerErrorCode('NO_APN',          _('No APN is configured'));
network.registerErrorCode('USAGE',           _('The configuration was refused; see the system log'));
network.registerErrorCode('DEVICE_BUSY',     _('Another program holds the modem\'s control device'));
network.registerErrorCode('SIM_LOCKED',      _('The SIM is locked, blocked or missing'));
network.registerErrorCode('NO_REGISTRATION', _('The modem found no network to register on in time'));
network.registerErrorCode('CALL_REJECTED',   _('The carrier refused the data call (check APN and credentials)'));
network.registerErrorCode('NO_RAW_IP',       _('The modem needs raw-ip, which this kernel\'s qmi_wwan lacks'));
network.registerErrorCode('MODEM_ERROR',     _('The modem did not answer, or answered with an error'));
network.registerErrorCode('CONFIG_FAILED',   _('The network interface could not be set up'));
network.registerErrorCode('LINK_LOST',       _('The mobile link was lost'));
network.registerErrorCode('ROAMING',         _('The modem is roaming, and roaming is not allowed'));
network.registerErrorCode('BAD_PROTOCOL',    _('The control protocol is not qmi, mbim or auto'));

function ipv6Session(o) {
	o.depends('pdptype', 'ipv4v6');
	o.depends('pdptype', 'ipv6');
	return o;
}

return network.registerProtocol('cellink', {
	getI18n: function() {
		return _('Cellular modem (cellink)');
	},

	getIfname: function() {
		return this._ubus('l3_device') || 'cellink-%s'.format(this.sid);
	},

	getOpkgPackage: function() {
		return 'cellink';
	},

	isFloating: function() {
		return true;
	},

	isVirtual: function() {
		return true;
	},

	getDevices: function() {
		return null;
	},

	containsDevice: function(ifname) {
		return (network.getIfnameOf(ifname) == this.getIfname());
	},

	renderFormOptions: function(s) {
		var dev = this.getL3Device() || this.getDevice(), o;

		// general: how to reach the modem and the carrier

		o = s.taboption('general', form.Value, '_cellink_device', _('Control device'),
			_('The modem\'s QMI control node, usually /dev/cdc-wdm0.'));
		o.ucioption = 'device';
		o.rmempty = false;
		o.load = function(section_id) {
			return listControlDevices('/dev/').then(L.bind(function(nodes) {
				nodes.forEach(L.bind(function(n) { this.value(n); }, this));
				return form.Value.prototype.load.apply(this, [section_id]);
			}, this));
		};

		o = s.taboption('general', form.Value, 'apn', _('APN'),
			_('Access point name, as given by the carrier.'));
		o.rmempty = false;
		o.validate = function(section_id, value) {
			if (value == null || value === '')
				return _('An APN is required');
			if (!/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(value))
				return _('An APN holds letters, digits, dots and dashes');
			return true;
		};

		o = s.taboption('general', form.Value, 'pincode', _('SIM PIN'),
			_('Used only while the SIM has all its attempts left; a PIN the SIM refused is never sent again.'));
		o.password = true;
		o.datatype = 'and(uinteger,minlength(4),maxlength(8))';

		o = s.taboption('general', form.ListValue, 'auth', _('Authentication'));
		o.value('none', _('None'));
		o.value('pap', 'PAP');
		o.value('chap', 'CHAP');
		o.value('both', 'PAP or CHAP');
		o.default = 'none';

		o = s.taboption('general', form.Value, 'username', _('User name'));
		o.depends('auth', 'pap');
		o.depends('auth', 'chap');
		o.depends('auth', 'both');

		o = s.taboption('general', form.Value, 'password', _('Password'));
		o.depends('auth', 'pap');
		o.depends('auth', 'chap');
		o.depends('auth', 'both');
		o.password = true;

		o = s.taboption('general', form.ListValue, 'pdptype', _('IP families'),
			_('IPv4 and IPv6 run as two sessions, one for each family (MBIM: one IPv4v6 session).'));
		o.value('ipv4', 'IPv4');
		o.value('ipv6', 'IPv6');
		o.value('ipv4v6', 'IPv4 and IPv6');
		o.default = 'ipv4';

		o = s.taboption('general', form.Value, 'profile', _('Profile'),
			_('Index of the modem profile to start the session with.'));
		o.datatype = 'range(1,255)';

		o = ipv6Session(s.taboption('general', form.Value, 'v6apn', _('IPv6 APN'),
			_('An APN of its own for the IPv6 session; empty: the APN above.')));

		o = ipv6Session(s.taboption('general', form.Value, 'v6profile', _('IPv6 profile'),
			_('A modem profile of its own for the IPv6 session; empty: the profile above.')));
		o.datatype = 'range(1,255)';

		// advanced: radio, waits, and what netifd makes of the link

		o = s.taboption('advanced', form.ListValue, 'protocol', _('Control protocol'),
			_('Auto: MBIM when cdc_mbim drives the modem, QMI when qmi_wwan does.'));
		o.value('', _('Auto'));
		o.value('qmi', 'QMI');
		o.value('mbim', 'MBIM');

		o = s.taboption('advanced', form.Value, 'mux_id', _('QMAP mux id'),
			_('QMI with qmi_wwan: carry the session on this QMAP mux id, on an interface of its own (qmimux0, ...). Empty: no QMAP.'));
		o.datatype = 'range(1,254)';
		o.depends('protocol', '');
		o.depends('protocol', 'qmi');

		o = s.taboption('advanced', form.Flag, 'allow_roaming', _('Allow roaming'),
			_('Unchecked, no link while the modem is registered on a roaming network (it waits for home within the registration wait).'));
		o.default = o.enabled;

		o = s.taboption('advanced', form.Flag, 'allow_partner', _('Allow partner networks'),
			_('Accepted for proto mbim\'s sake; a partner network counts as roaming.'));
		o.default = o.enabled;

		o = s.taboption('advanced', form.Value, 'delay', _('Start delay'),
			_('Seconds to wait before talking to the modem, for modems slow to start.'));
		o.datatype = 'range(0,3600)';
		o.placeholder = '0';

		o = s.taboption('advanced', form.Value, 'timeout', _('SIM and registration wait'),
			_('Seconds to wait for the SIM to initialise, and again for the modem to register; 0 waits for ever.'));
		o.datatype = 'uinteger';
		o.placeholder = '30 / 60';

		o = s.taboption('advanced', form.Value, 'modes', _('Radio modes'),
			_('"all" (the modem\'s choice) or a comma-separated list of lte, umts, gsm, cdma, td-scdma.'));
		o.placeholder = 'all';
		o.validate = function(section_id, value) {
			if (value == null || value === '' || value === 'all')
				return true;
			var ok = value.split(',').every(function(m) {
				return [ 'lte', 'umts', 'gsm', 'cdma', 'td-scdma' ].indexOf(m) >= 0;
			});
			return ok || _('Use "all" or a list of lte, umts, gsm, cdma, td-scdma');
		};

		o = s.taboption('advanced', form.Value, 'plmn', _('Network (PLMN)'),
			_('MCC and MNC (5 or 6 digits) to register on by hand; empty: the modem chooses.'));
		o.datatype = 'and(uinteger,minlength(5),maxlength(6))';

		// a list of band numbers, as cellink reads it (3,7,20; 1-3; 3 7 20)
		var bandList = function(max) {
			return function(section_id, value) {
				if (value == null || value === '')
					return true;
				var ok = value.split(/[ ,]+/).filter(function(w) { return w !== ''; }).every(function(w) {
					var m = w.match(/^[bBnN]?(\d+)(?:-[bBnN]?(\d+))?$/);
					if (!m)
						return false;
					var lo = +m[1], hi = m[2] != null ? +m[2] : lo;
					return lo >= 1 && hi >= lo && hi <= max;
				});
				return ok || _('A list of band numbers from 1 to %d, e.g. 3,7,20').format(max);
			};
		};

		o = s.taboption('advanced', form.Value, 'lte_bands', _('LTE bands'),
			_('Lock the modem to these LTE bands (e.g. 3,7,20); empty: the modem\'s setting. A band the modem lacks is refused.'));
		o.validate = bandList(256);

		o = s.taboption('advanced', form.Value, 'nr_bands', _('5G NR bands'),
			_('Lock 5G NR (NSA and SA) to these bands (e.g. 78); empty: the modem\'s setting.'));
		o.validate = bandList(512);

		o = s.taboption('advanced', form.Flag, 'roaming', _('Allow roaming'),
			_('Unchecked: no link while the modem is registered on a roaming network.'));
		o.default = o.enabled;

		o = s.taboption('advanced', form.Value, 'mtu', _('MTU'),
			_('Set on the interface instead of the MTU the network announces.'));
		o.datatype = 'range(576,9000)';
		o.placeholder = dev ? (dev.getMTU() || '1500') : '1500';

		o = s.taboption('advanced', form.Flag, 'dhcp', _('IPv4 by DHCP'),
			_('Run a DHCP client on the link (interface NAME_4) instead of taking the address the modem reports.'));
		o.default = o.disabled;

		o = s.taboption('advanced', form.Flag, 'dhcpv6', _('IPv6 by DHCPv6'),
			_('Run a DHCPv6 client on the link (interface NAME_6), whose /64 is extended to the LAN (RFC 7278), instead of taking the address and prefix the modem reports.'));
		o.default = o.disabled;

		o = s.taboption('advanced', form.Flag, 'autoconnect', _('Modem autoconnect'),
			_('Accepted for proto qmi\'s sake; cellink reconnects by itself and leaves the modem\'s own autoconnect alone.'));
		o.default = o.disabled;

		o = s.taboption('advanced', form.Flag, 'sourcefilter', _('IPv6 source routing'),
			_('The IPv6 default route carries only traffic from the mobile prefix.'));
		o.default = o.enabled;

		o = s.taboption('advanced', form.Flag, 'defaultroute', _('Default route'),
			_('Unchecked, the link gets no default route.'));
		o.default = o.enabled;

		o = s.taboption('advanced', form.Value, 'metric', _('Route metric'),
			_('Metric of the link\'s routes; a higher one makes it the backup of another uplink.'));
		o.datatype = 'uinteger';
		o.placeholder = '0';

		o = s.taboption('advanced', form.Flag, 'peerdns', _('Use the carrier\'s DNS'),
			_('Unchecked, the DNS servers the network announces are ignored.'));
		o.default = o.enabled;
	}
});
