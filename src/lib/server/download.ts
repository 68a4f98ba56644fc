import { json } from '@sveltejs/kit';
import type { ExportResult } from '$server/export/export.service';

/** An export as a download: the file name (with its date range) in Content-Disposition. */
export function download(result: ExportResult): Response {
	if (!result.ok) {
		return json(
			{ error: { code: 'invalid_range', field: result.field, message: result.message } },
			{ status: 400 }
		);
	}
	const { file } = result;
	return new Response(file.body, {
		headers: {
			'content-type': file.contentType,
			'content-disposition': `attachment; filename="${file.filename}"`,
			'cache-control': 'no-store'
		}
	});
}
