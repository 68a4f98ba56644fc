/** "Chrome on Android": enough to tell a user's browsers apart in a list. */
export function browserLabel(ua: string | null | undefined): string {
	const s = ua ?? '';
	const browser = /Edg\//.test(s)
		? 'Edge'
		: /SamsungBrowser\//.test(s)
			? 'Samsung Internet'
			: /Firefox\/|FxiOS\//.test(s)
				? 'Firefox'
				: /Chrome\/|CriOS\//.test(s)
					? 'Chrome'
					: /Safari\//.test(s)
						? 'Safari'
						: 'Browser';
	const os = /Android/.test(s)
		? 'Android'
		: /iPhone/.test(s)
			? 'iPhone'
			: /iPad/.test(s)
				? 'iPad'
				: /CrOS/.test(s)
					? 'ChromeOS'
					: /Windows/.test(s)
						? 'Windows'
						: /Mac OS X|Macintosh/.test(s)
							? 'macOS'
							: /Linux/.test(s)
								? 'Linux'
								: null;
	return os ? `${browser} on ${os}` : browser;
}
