/**
 * Media for flow messages: an editor uploads an image, audio, video or document (base64 in the JSON body,
 * checked against server/media/attachment-rules.ts) and gets back the attachment as RapidPro stores it.
 *
 *   const { attachment } = await trpc.media.upload.mutate({ fileName: 'poster.png', contentType: 'image/png', dataBase64 });
 *   // attachment: "image/png:https://kiunga.moh.go.ke/webhooks/channels/media/9f86….png"
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { editorProcedure, router } from '../trpc.js';
import { AttachmentRefused, storeAttachment } from '../../media/attachment-storage.js';
import { MAX_BYTES } from '../../media/attachment-rules.js';

/** Base64 of the largest allowed file, with padding. */
const MAX_BASE64 = Math.ceil(Math.max(...Object.values(MAX_BYTES)) / 3) * 4;

export const mediaRouter = router({
  upload: editorProcedure
    .input(z.object({
      fileName: z.string().trim().min(1, 'fileName: required').max(255),
      contentType: z.string().trim().max(100),
      dataBase64: z.string().min(1, 'dataBase64: the file is empty').max(MAX_BASE64, `dataBase64: the file is larger than every limit`)
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'dataBase64: not base64'),
    }))
    .mutation(async ({ input }) => {
      try {
        return await storeAttachment({ fileName: input.fileName, contentType: input.contentType }, Buffer.from(input.dataBase64, 'base64'));
      } catch (error) {
        if (error instanceof AttachmentRefused) throw new TRPCError({ code: 'BAD_REQUEST', message: error.message });
        throw error;
      }
    }),
});
