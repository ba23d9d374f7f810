// The prebuilt write road module (scripts/build-generated.mjs) has the types of its source.
declare module "*/generated/write-road.js" {
  export const api: typeof import("./write-road.ts").api;
  export const answerEmail: typeof import("./write-road.ts").answerEmail;
  export const NewsroomCore: typeof import("./write-road.ts").NewsroomCore;
}
