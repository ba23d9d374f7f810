// The write road's entry (bundled apart as src/generated/write-road.js): everything only writers need.

export { api } from "./api/entry.ts";
export { answerEmail } from "./email/handler.ts";
export { NewsroomCore } from "./publish/newsroom.ts";
