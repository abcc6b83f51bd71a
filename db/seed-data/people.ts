// Name and detail pools for demo customers. Accented names are there on
// purpose: lookup must find "Zoë" when the associate types "zoe".

export const FIRST_NAMES = [
  "Olivia", "Emma", "Charlotte", "Amelia", "Sophia", "Isabella", "Ava", "Mia", "Evelyn", "Harper",
  "Camila", "Gianna", "Abigail", "Luna", "Ella", "Elizabeth", "Sofía", "Emily", "Avery", "Mila",
  "Scarlett", "Eleanor", "Madison", "Layla", "Penelope", "Aria", "Chloe", "Grace", "Ellie", "Nora",
  "Hazel", "Zoë", "Riley", "Victoria", "Lily", "Aurora", "Violet", "Nova", "Hannah", "Emilia",
  "Zoey", "Stella", "Everly", "Isla", "Leah", "Lillian", "Addison", "Willow", "Lucy", "Paisley",
  "Natalie", "Naomi", "Eliana", "Brooklyn", "Elena", "Aubrey", "Claire", "Ivy", "Kinsley", "Audrey",
  "Maya", "Genesis", "Skylar", "Bella", "Aaliyah", "Madelyn", "Savannah", "Anna", "Delilah", "Serenity",
  "Caroline", "Kennedy", "Valentina", "Ruby", "Sophie", "Alice", "Gabriella", "Sadie", "Ariana", "Allison",
  "Renée", "Inès", "Chloé", "Mónica", "Priya", "Aisha", "Mei", "Yuki", "Amara", "Noémie",
  "James", "Liam", "Noah", "Oliver", "Elijah", "William", "Benjamin", "Lucas", "Henry", "Theodore",
  "Jack", "Levi", "Alexander", "Jackson", "Mateo", "Daniel", "Michael", "Mason", "Sebastian", "Ethan",
  "Logan", "Owen", "Samuel", "Jacob", "Asher", "Aiden", "John", "Joseph", "Wyatt", "David",
  "Leo", "Luke", "Julian", "Hudson", "Grayson", "Matthew", "Ezra", "Gabriel", "Carter", "Isaac",
  "Jayden", "Luca", "Anthony", "Dylan", "Lincoln", "Thomas", "Maverick", "Elias", "Josiah", "Charles",
  "André", "José", "Rafael", "Tomás", "Kenji", "Arjun", "Omar", "Malik", "Björn", "François",
] as const;

export const LAST_NAMES = [
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
  "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
  "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
  "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
  "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
  "Gómez", "Phillips", "Evans", "Turner", "Díaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes",
  "Stewart", "Morris", "Morales", "Murphy", "Cook", "Rogers", "Gutiérrez", "Ortiz", "Morgan", "Cooper",
  "Peterson", "Bailey", "Reed", "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson",
  "Watson", "Brooks", "Chavez", "Wood", "James", "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes",
  "Price", "Alvarez", "Castillo", "Sanders", "Patel", "Myers", "Long", "Ross", "Foster", "Jiménez",
  "O'Brien", "O'Connor", "Nakamura", "Tanaka", "Chen", "Wang", "Singh", "Shah", "Kowalski", "Novak",
  "Müller", "Schäfer", "Dubois", "Lefèvre", "Rossi", "Bianchi", "Costa", "Silva", "Ferreira", "Okafor",
  "Adeyemi", "Mensah", "Haddad", "Khalil", "Cohen", "Levy", "Friedman", "Larsen", "Nielsen", "Berg",
  "St. James", "Van der Berg", "McAllister", "MacKenzie", "Fitzgerald", "Abernathy", "Whitfield", "Ashford", "Sinclair", "Harrington",
] as const;

export const OCCUPATIONS = [
  "Attorney", "Architect", "Product designer", "Physician", "Nurse practitioner", "Teacher", "Professor", "Software engineer",
  "Marketing director", "Consultant", "Investment banker", "Journalist", "Photographer", "Chef", "Real-estate agent",
  "Interior designer", "Pharmacist", "Dentist", "Founder", "Art director", "Editor", "Financial analyst", "Gallery owner",
  "Event planner", "Publicist", "Film producer", "Veterinarian", "Psychologist", "Pilot", "Student",
] as const;

export const EMAIL_DOMAINS = ["gmail.com", "outlook.com", "icloud.com", "yahoo.com", "proton.me", "fastmail.com"] as const;

export const STYLE_WORDS = ["classic", "minimal", "statement", "bohemian", "workwear", "casual", "evening", "sporty"] as const;

export const DISLIKES = [
  "Animal print", "Synthetic fur", "Logos", "Neon colours", "Ruffles", "Wool against skin", "Very high heels",
  "Cropped cuts", "Sequins", "Heavy perfume in store", "Polyester", "Oversized fits",
] as const;

export const PREFERENCE_NOTES = [
  "Prefers a fitting room ready when she arrives; short on time.",
  "Likes to hear about new arrivals by text, not email.",
  "Shops for work and for travel; values fabrics that do not crease.",
  "Buys gifts for her sister in December; ask about it.",
  "Tailoring matters more than brand; always check sleeve length.",
  "Comes in on Saturday mornings with his partner.",
  "Allergic to wool blends with mohair.",
  "Loves a bargain but will pay for a great coat.",
] as const;

export const SEARCH_QUERIES = [
  "wool coat", "midi dress", "ankle boots", "silk scarf", "cashmere sweater", "trench coat", "wide leg trousers",
  "leather tote", "gold hoops", "wrap dress", "loafers", "linen shirt", "puffer jacket", "pleated skirt",
] as const;

/** Public posts mentioning the retailer; {product} is the product's short name. */
export const MENTION_TEMPLATES = [
  "Obsessed with the {product} from @hartleyrowe. Do I need it? Asking for me.",
  "Tried on the {product} at @hartleyrowe today and can't stop thinking about it",
  "@hartleyrowe is the {product} coming back in my size?? 🙏",
  "Wore my {product} from @hartleyrowe to a wedding and got 5 compliments",
  "Anyone own the {product}? Does it run small? @hartleyrowe",
  "The staff at @hartleyrowe were so helpful picking out the {product} 💛",
  "Waiting on a reply from @hartleyrowe about the {product}... anyone?",
  "Saw the {product} in the @hartleyrowe window. Birthday present to myself?",
] as const;
