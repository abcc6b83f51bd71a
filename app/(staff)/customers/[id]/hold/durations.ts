// The offered durations live beside the rules that accept them (lib/hold-fields.ts).
export { HOLD_DURATIONS } from "@/lib/hold-fields";
