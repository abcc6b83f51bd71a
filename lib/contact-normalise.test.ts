import { describe, expect, it } from "vitest";
import { normaliseEmail, normalisePhone } from "./contact-normalise";

describe("normalisePhone", () => {
  it("reads US numbers however they are punctuated", () => {
    for (const written of ["2125550143", "212 555 0143", "212.555.0143", "212-555-0143", "(212) 555-0143", "(212)555-0143", "212/555-0143", "  212 555 0143  "]) {
      expect(normalisePhone(written), written).toBe("+12125550143");
    }
  });

  it("reads the US country code written as 1, +1, 001 or Shopify's leading quote", () => {
    for (const written of ["1 212 555 0143", "1-212-555-0143", "+1 212 555 0143", "+1 (212) 555-0143", "+12125550143", "001 212 555 0143", "'+12125550143", "'2125550143"]) {
      expect(normalisePhone(written), written).toBe("+12125550143");
    }
  });

  it("drops an extension, however it is written", () => {
    for (const written of ["+1 212 555 0143 x5", "212-555-0143x5", "212-555-0143 X 5", "+1 212 555 0143 ext. 12", "212 555 0143 ext 12", "212.555.0143 Ext.12", "(212) 555-0143 extension 7", "212-555-0143 #5", "212-555-0143, ext 5", "+12125550143;ext=5"]) {
      expect(normalisePhone(written), written).toBe("+12125550143");
    }
    expect(normalisePhone("+44 20 7946 0958 ext 201")).toBe("+442079460958");
  });

  it("reads other countries' numbers given with + or 00 and the country code", () => {
    expect(normalisePhone("+44 20 7946 0958")).toBe("+442079460958");
    expect(normalisePhone("0044 20 7946 0958")).toBe("+442079460958");
    expect(normalisePhone("+44 (0)20 7946 0958")).toBe("+442079460958");
    expect(normalisePhone("+33 1 23 45 67 89")).toBe("+33123456789");
    expect(normalisePhone("+61 2 9374 4000")).toBe("+61293744000");
    expect(normalisePhone("+683 4002")).toBe("+6834002");
    expect(normalisePhone("+86 139 1234 5678")).toBe("+8613912345678");
    expect(normalisePhone("+49 1512 3456 78901")).toBe("+491512345678901"); // 15 digits, E.164's longest
  });

  it("takes the same North American numbers whether or not +1 is written", () => {
    for (const [national, international] of [["(012) 555-0143", "+1 012 555 0143"], ["(112) 555-0143", "+1 112 555 0143"], ["(212) 055-0143", "+1 212 055 0143"], ["(212) 155-0143", "+1 212 155 0143"]]) {
      expect(normalisePhone(national!), national).toBeNull();
      expect(normalisePhone(international!), international).toBeNull();
      expect(normalisePhone(`001 ${national}`), `001 ${national}`).toBeNull();
    }
  });

  it("refuses numbers too short or too long", () => {
    for (const bad of ["12345", "555-0143", "212 555 014", "+1 212 555 014", "+1 212 555 01433", "212 555 01433", "2 212 555 0143", "+44 123", "+44 2079 4609 5812 345", "00 44"]) {
      expect(normalisePhone(bad), bad).toBeNull();
    }
  });

  it("refuses what is not one number", () => {
    for (const bad of ["", "   ", "'", "call me", "+0 123 456 789", "212-555-0143 or 212-555-0144", "212-555-0143 / 212-555-0144", "tel:2125550143", "+1 212 555 0143 ext", "212 555 0143 x"]) {
      expect(normalisePhone(bad), bad).toBeNull();
    }
  });

  it("reads Canadian numbers as North American too", () => {
    expect(normalisePhone("(416) 555-0199", "CA")).toBe("+14165550199");
    expect(normalisePhone("(416) 555-0199")).toBe("+14165550199");
  });
});

describe("normaliseEmail", () => {
  it("trims and lowercases", () => {
    expect(normaliseEmail("  Alicia.Fernandez@Example.COM ")).toBe("alicia.fernandez@example.com");
    expect(normaliseEmail("first+shop@sub.example.co.uk")).toBe("first+shop@sub.example.co.uk");
  });

  it("refuses what is not an email address", () => {
    for (const bad of ["", "bob@", "@example.com", "bob@example", "bob example@example.com", "bob@@example.com", "bob@example..com", `${"a".repeat(250)}@example.com`]) {
      expect(normaliseEmail(bad), bad).toBeNull();
    }
  });
});
