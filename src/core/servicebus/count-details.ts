// Reads what the administration client drops: each subscription's ScheduledMessageCount from the
// ATOM feed's CountDetails. The SDK left it out of SubscriptionRuntimeProperties because Azure
// keeps scheduled messages in the topic until their time (the topic's runtime properties count
// them), so Azure reports 0 here; an emulator or a future service may not, and then it shows.

/** Service Bus writes the count elements with a generated prefix (d2p1:, d3p1:, ...), so match any. */
const ENTRY = /<entry\b[\s\S]*?<\/entry>/g;
const TITLE = /<title\b[^>]*>([^<]*)<\/title>/;
const COUNT_DETAILS = /<(?:[\w.-]+:)?CountDetails\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?CountDetails>/;
const SCHEDULED = /<(?:[\w.-]+:)?ScheduledMessageCount>\s*(\d+)\s*<\/(?:[\w.-]+:)?ScheduledMessageCount>/;

const XML_ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (entity) => XML_ENTITIES[entity]);
}

/**
 * Subscription name (the entry's title) -> its CountDetails ScheduledMessageCount, for the
 * entries of a subscriptions feed (or a single entry) that carry one. Names are as the feed
 * spells them.
 */
export function scheduledCountsOfFeed(xml: string): Map<string, number> {
  const result = new Map<string, number>();
  for (const [entry] of xml.matchAll(ENTRY)) {
    const title = TITLE.exec(entry)?.[1];
    const scheduled = SCHEDULED.exec(COUNT_DETAILS.exec(entry)?.[1] ?? '')?.[1];
    if (title !== undefined && scheduled !== undefined) {
      result.set(unescapeXml(title.trim()), Number(scheduled));
    }
  }
  return result;
}
