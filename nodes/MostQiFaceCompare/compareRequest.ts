import type { IExecuteFunctions } from 'n8n-workflow';

import { ERROR_CODES } from '../../lib/mostqi/errorCodes';
import type { MostQiOutcome, MostQiRequest } from '../../lib/mostqi/transport';
import { callMostQi } from '../../lib/mostqi/transport';
import type { AnswerIds, MostQiAnswer } from '../../lib/mostqi/transport/envelope';
import { answerIds, isRecord, readEnvelope } from '../../lib/mostqi/transport/envelope';
import type { Attempt } from '../../lib/mostqi/transport/retry';
import { FACE_COMPARE_ROUTE } from '../../lib/mostqi/transport/routes';

export interface CompareResult extends AnswerIds {
	similarity: number;
	/** MostQi's whole answer, for the "Include Full Response" option. */
	response: Record<string, unknown>;
}

/** A face-compare answer: a similarity from 0 to 1, or a failure; no result is made up. */
export function readCompareResult({ statusCode, body }: MostQiAnswer): Attempt<CompareResult> {
	const envelope = readEnvelope(body);
	const result = envelope && isRecord(envelope.result) ? envelope.result : undefined;
	const similarity = result?.similarity;
	if (!envelope || typeof similarity !== 'number' || !(similarity >= 0 && similarity <= 1)) {
		return {
			ok: false,
			failure: {
				message:
					similarity === undefined
						? 'MostQi answered without a similarity'
						: `MostQi answered with a similarity that is not a number between 0 and 1 (${JSON.stringify(similarity)})`,
				description:
					'The answer did not have the documented shape, so no result is made up. Run the workflow again; if it persists, contact MostQi support with the request ID.',
				errorCode: ERROR_CODES.INVALID_RESPONSE,
				httpCode: statusCode,
				requestId: typeof envelope?.requestId === 'string' ? envelope.requestId : undefined,
			},
		};
	}
	return {
		ok: true,
		result: { similarity, ...answerIds(envelope), response: envelope as Record<string, unknown> },
	};
}

/** One face comparison, retried as its request allows (see lib/mostqi/transport). */
export async function compareFaces(
	ctx: IExecuteFunctions,
	request: Omit<MostQiRequest, 'route'> & { body: Buffer },
): Promise<MostQiOutcome<CompareResult>> {
	return await callMostQi(ctx, { ...request, route: FACE_COMPARE_ROUTE }, readCompareResult);
}
