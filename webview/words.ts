// Counted nouns in the view's sentences: "1 learner", "3 learners".
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
