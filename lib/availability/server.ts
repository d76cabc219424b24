import "server-only";

/** The availability domain's server surface: reads that need the database. The pure engine is ./index.ts. */
export { listOpenSlots, loadBusyIntervals, type TOpenSlots } from "./list-open-slots";
export { loadTutorAvailability, type TTutorAvailability } from "./load-tutor-availability";
