/** The IANA zones a phone number's range is in (Google's number-to-time-zone data); [] when unknown. */
export interface NumberZones {
  zonesOf(e164: string): Promise<string[]>;
}

/** Where a request keeps the zones found at intake (callback context; agents see them too). */
export const PHONE_ZONES_KEY = 'phoneZones';
