// The sample's dashboard: polls /caches and /load every second and draws each cache's
// hits and misses per second and its mean load time with uPlot. No build step.
(function () {
	'use strict';

	// The charts span the time since the page opened: at least 20 seconds, at most a minute.
	const WINDOW_SECONDS = 60;
	const MIN_SPAN_SECONDS = 20;
	const CHART_HEIGHT = 110;
	const COLORS = { hit: '#16a34a', miss: '#dc2626', load: '#7c3aed' };
	const numbers = new Intl.NumberFormat('en');
	const caches = new Map();
	const container = document.getElementById('caches');
	const errorBox = document.getElementById('error');
	const loadButton = document.getElementById('generate-load');
	const loadStatus = document.getElementById('load-status');

	function element(tag, className, text) {
		const node = document.createElement(tag);
		if (className) {
			node.className = className;
		}
		if (text !== undefined) {
			node.textContent = text;
		}
		return node;
	}

	function figure(label, className) {
		const node = element('div', 'figure ' + className);
		node.append(element('div', 'label', label), element('div', 'value', '–'));
		return node;
	}

	function clock(seconds) {
		const time = new Date(seconds * 1000);
		return [time.getHours(), time.getMinutes(), time.getSeconds()]
			.map((part) => String(part).padStart(2, '0')).join(':');
	}

	function chartOptions(width, series, floor) {
		const axis = { stroke: '#616e7c', font: '11px system-ui, sans-serif', grid: { stroke: '#eef0f3', width: 1 },
			ticks: { show: false } };
		return {
			width: width,
			height: CHART_HEIGHT,
			legend: { show: false },
			cursor: { show: false },
			scales: {
				x: { time: true, range: (u, min, max) => [Math.min(max - MIN_SPAN_SECONDS, Math.max(min, max - WINDOW_SECONDS)), max] },
				y: { range: (u, min, max) => [0, niceCeiling(Math.max(floor, (max || 0) * 1.2))] },
			},
			axes: [
				Object.assign({}, axis, { space: 80, size: 24, values: (u, splits) => splits.map(clock) }),
				Object.assign({}, axis, { size: 48, values: (u, splits) => splits.map((v) => numbers.format(v)) }),
			],
			series: [{}].concat(series),
		};
	}

	/** The smallest of 1, 2, 2.5, 5 times a power of ten that is at least value. */
	function niceCeiling(value) {
		const power = Math.pow(10, Math.floor(Math.log10(value)));
		const step = [1, 2, 2.5, 5, 10].find((factor) => factor * power >= value);
		return step * power;
	}

	function chart(className, title, series) {
		const box = element('div', 'chart ' + className);
		const head = element('div', 'chart-title');
		head.append(element('span', null, title));
		series.forEach((line) => {
			const key = element('span', 'key');
			key.style.setProperty('--color', line.stroke);
			key.textContent = line.label;
			head.append(key);
		});
		const plot = element('div', 'plot');
		plot.append(element('div', 'empty', className === 'chart-load' ? 'no loads yet' : 'no reads yet'));
		box.append(head, plot);
		return box;
	}

	function createCard(report) {
		const card = element('section', 'cache');
		card.dataset.cache = report.name;
		const head = element('div', 'cache-head');
		const clear = element('button', 'clear', 'Clear');
		clear.type = 'button';
		clear.title = 'Remove every entry of ' + report.name + ' (its counters stay)';
		clear.addEventListener('click', () => clearCache(report.name, clear));
		head.append(element('h2', null, report.name),
			element('span', 'backend' + (report.backend === 'none' ? ' none' : ''), report.backend), clear);
		const figures = element('div', 'figures');
		const size = figure('size / bound', 'size-figure');
		size.querySelector('.value').replaceChildren(element('span', 'size', '–'), element('small', 'bound'));
		const fill = element('div', 'fill');
		fill.append(element('span'));
		size.append(fill);
		figures.append(figure('hit ratio', 'hit-ratio-figure'), size, figure('policy', 'policy-figure'));
		const readSeries = [
			{ label: 'hits', stroke: COLORS.hit, width: 2, fill: 'rgba(22, 163, 74, 0.10)', points: { show: false } },
			{ label: 'misses', stroke: COLORS.miss, width: 2, points: { show: false } },
		];
		const loadSeries = [
			{ label: 'mean per load', stroke: COLORS.load, width: 2, points: { show: true, size: 5, fill: COLORS.load } },
		];
		const requests = chart('chart-requests', 'reads per second', readSeries);
		const loads = chart('chart-load', 'load time, ms', loadSeries);
		card.append(head, figures, requests, loads);
		container.append(card);

		const width = Math.max(280, requests.clientWidth);
		const state = {
			card: card,
			data: [[], [], [], []],
			last: null,
		};
		state.requestsChart = new uPlot(chartOptions(width, readSeries, 5), [[], [], []],
			requests.querySelector('.plot'));
		state.loadChart = new uPlot(chartOptions(width, loadSeries, 100), [[], []], loads.querySelector('.plot'));
		caches.set(report.name, state);
		return state;
	}

	function text(card, selector, value) {
		const node = card.querySelector(selector);
		if (node.textContent !== value) {
			node.textContent = value;
		}
	}

	function update(report, now) {
		const state = caches.get(report.name) || createCard(report);
		const card = state.card;
		const stats = report.statistics;
		text(card, '.hit-ratio-figure .value',
			report.hitRatio === null ? '–' : (report.hitRatio * 100).toFixed(1) + '%');
		const size = report.size === null ? '–' : numbers.format(report.size);
		let bound;
		if (report.backend === 'none') {
			bound = 'keeps nothing';
		}
		else if (report.bound === null) {
			bound = 'server decides';
		}
		else {
			bound = report.bound === 0 ? 'unbounded' : numbers.format(report.bound);
		}
		text(card, '.size-figure .size', size);
		text(card, '.size-figure .bound', ' / ' + bound);
		const share = (report.bound && report.size !== null) ? Math.min(1, report.size / report.bound) : 0;
		card.querySelector('.fill span').style.width = (share * 100).toFixed(1) + '%';
		text(card, '.policy-figure .value', report.policy === null ? '–' : report.policy);
		card.querySelector('.chart-requests .empty').hidden = stats.hits + stats.misses > 0;
		card.querySelector('.chart-load .empty').hidden = report.load.count > 0;

		const current = { hits: stats.hits, misses: stats.misses, loads: report.load.count,
			loadMillis: report.load.totalMillis, at: now };
		const last = state.last;
		state.last = current;
		if (last === null) {
			return;
		}
		const seconds = Math.max(0.001, (now - last.at) / 1000);
		const loads = current.loads - last.loads;
		const data = state.data;
		data[0].push(now / 1000);
		data[1].push(Math.max(0, current.hits - last.hits) / seconds);
		data[2].push(Math.max(0, current.misses - last.misses) / seconds);
		data[3].push(loads > 0 ? (current.loadMillis - last.loadMillis) / loads : null);
		while (data[0].length > 0 && data[0][0] < now / 1000 - WINDOW_SECONDS) {
			data.forEach((series) => series.shift());
		}
		state.requestsChart.setData([data[0], data[1], data[2]]);
		state.loadChart.setData([data[0], data[3]]);
	}

	function showError(message) {
		errorBox.hidden = message === null;
		errorBox.textContent = message || '';
	}

	// Readings are numbered: one that arrives after a newer one (a slow answer, or a tick's
	// racing the reading after "Clear") is dropped, not drawn over it.
	let readingsSent = 0;
	let readingShown = 0;

	async function refreshCaches() {
		const reading = ++readingsSent;
		const response = await fetch('/caches', { headers: { Accept: 'application/json' } });
		if (!response.ok) {
			throw new Error('/caches answered ' + response.status);
		}
		const reports = await response.json();
		if (reading < readingShown) {
			return;
		}
		readingShown = reading;
		const now = Date.now();
		reports.forEach((report) => update(report, now));
	}

	function showLoad(status) {
		loadButton.disabled = status.running;
		loadButton.textContent = status.running ? 'Generating load…' : 'Generate load';
		if (status.run === 0) {
			loadStatus.textContent = 'No load generated yet';
		}
		else if (status.running) {
			loadStatus.textContent = 'Run ' + status.run + ': ' + numbers.format(status.calls) + ' calls so far';
		}
		else {
			loadStatus.textContent = 'Run ' + status.run + ' done: ' + numbers.format(status.calls) + ' calls';
		}
		loadStatus.dataset.running = String(status.running);
	}

	async function refreshLoad() {
		const response = await fetch('/load', { headers: { Accept: 'application/json' } });
		if (response.ok) {
			showLoad(await response.json());
		}
	}

	async function tick() {
		try {
			await Promise.all([refreshCaches(), refreshLoad()]);
			showError(null);
		}
		catch (ex) {
			showError('Cannot reach the application: ' + ex.message);
		}
	}

	async function generateLoad() {
		loadButton.disabled = true;
		try {
			const response = await fetch('/load', { method: 'POST' });
			showLoad(await response.json());
		}
		catch (ex) {
			showError('Could not start the load: ' + ex.message);
			loadButton.disabled = false;
		}
	}

	async function clearCache(name, button) {
		button.disabled = true;
		try {
			const response = await fetch('/caches/' + encodeURIComponent(name), { method: 'DELETE' });
			if (!response.ok) {
				throw new Error('/caches/' + name + ' answered ' + response.status);
			}
			await refreshCaches();
		}
		catch (ex) {
			showError('Could not clear ' + name + ': ' + ex.message);
		}
		finally {
			button.disabled = false;
		}
	}

	window.addEventListener('resize', () => {
		caches.forEach((state) => {
			const width = Math.max(280, state.card.querySelector('.chart-requests').clientWidth);
			state.requestsChart.setSize({ width: width, height: CHART_HEIGHT });
			state.loadChart.setSize({ width: width, height: CHART_HEIGHT });
		});
	});
	loadButton.addEventListener('click', generateLoad);
	tick();
	setInterval(tick, 1000);
}());
