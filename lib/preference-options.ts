/** The size categories and style words a preference form offers (safe for client components). */
export const SIZE_CATEGORIES = ["coats", "jackets", "knitwear", "shirts", "dresses", "trousers", "skirts", "shoes"] as const;
export const STYLES = ["classic", "minimal", "statement", "bohemian", "workwear", "casual", "evening", "sporty"] as const;
