/**
 * `npx tsx scripts/bench-slots-engine.ts`: the slots engine alone (lib/availability/generate-slots.ts),
 * per tutor for a 14-day horizon, in-process and without a database. Inputs are seeded and typical:
 * 5 weekly ranges, 3 overrides, 10 busy intervals, 60-minute lessons on a 30-minute step, 10-minute
 * buffers, 12 h notice, zones drawn from every zone Intl knows. Two instants: an ordinary week, and one
 * whose 14 days include the European and North American autumn clock changes.
 * BENCH_TUTORS (default 5 000) inputs per instant; each is timed on its own call after a warm-up pass.
 */
import { generateSlots, type TGenerateSlotsOptions, type TWeekday } from "@/lib/availability";

const TUTORS = Number(process.env.BENCH_TUTORS ?? 5_000);
const ZONES = Intl.supportedValuesOf("timeZone");
const MINUTE = 60_000;

function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

function tutorInput(random: () => number, now: Date): TGenerateSlotsOptions {
  const pick = (n: number) => Math.floor(random() * n);
  const weeklyRules = Array.from({ length: 5 }, () => {
    const start = (16 + pick(14)) * 30;
    return { weekday: pick(7) as TWeekday, start: hhmm(start), end: hhmm(Math.min(start + (4 + pick(7)) * 30, 1440)) };
  });
  const day = (offset: number) => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const overrides = [
    { date: day(2 + pick(3)), kind: "day_off" as const },
    { date: day(6 + pick(3)), kind: "hours" as const, ranges: [{ start: "10:00", end: "14:00" }] },
    { date: day(10 + pick(3)), kind: "hours" as const, ranges: [{ start: "16:00", end: "21:00" }] },
  ];
  const busy = Array.from({ length: 10 }, () => {
    const startMs = now.getTime() + (24 + pick(13 * 48)) * 30 * MINUTE;
    return { startAt: new Date(startMs), endAt: new Date(startMs + 60 * MINUTE) };
  });
  const settings = {
    durationMinutes: 60,
    stepMinutes: 30 as const,
    minimumNoticeMinutes: 12 * 60,
    horizonDays: 14,
    bufferBeforeMinutes: 10,
    bufferAfterMinutes: 10,
  };
  return { weeklyRules, overrides, timeZone: ZONES[pick(ZONES.length)] ?? "UTC", busy, settings, now };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function measure(label: string, now: Date, seed: number): void {
  const random = createRandom(seed);
  const inputs = Array.from({ length: TUTORS }, () => tutorInput(random, now));
  let slotCount = 0;
  for (const input of inputs) slotCount += generateSlots(input).length; // warm-up (JIT, Intl caches)
  const times: number[] = [];
  const started = performance.now();
  for (const input of inputs) {
    const before = performance.now();
    generateSlots(input);
    times.push(performance.now() - before);
  }
  const totalMs = performance.now() - started;
  times.sort((a, b) => a - b);
  const us = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
  process.stdout.write(
    `${label}: ${TUTORS} tutors, ${(slotCount / TUTORS).toFixed(1)} slots each; per tutor p50 ${us(percentile(times, 50))}, ` +
      `p95 ${us(percentile(times, 95))}, p99 ${us(percentile(times, 99))}, max ${us(times.at(-1) ?? NaN)}; ` +
      `${Math.round((TUTORS / totalMs) * 1000)} tutors/s\n`,
  );
}

measure("ordinary fortnight (from 2026-12-01)", new Date("2026-12-01T10:00:00Z"), 1);
measure("fortnight with clock changes (from 2026-10-20)", new Date("2026-10-20T10:00:00Z"), 2);
