import { describe, expect, it } from "vitest";
import { describeOwner } from "./client-owner";

const maya = { storeName: "Fifth Avenue", staffName: "Maya Chen" };

describe("describeOwner", () => {
  it("says nothing on the associate's own clients, so each row has room for the email and phone", () => {
    expect(describeOwner({ homeStoreName: "Fifth Avenue", assignedStaffName: "Maya Chen" }, maya)).toBeNull();
  });

  it("names the colleague, or the other store, when the customer is someone else's", () => {
    expect(describeOwner({ homeStoreName: "Fifth Avenue", assignedStaffName: "Daniel Brooks" }, maya)).toBe("Daniel Brooks's client");
    expect(describeOwner({ homeStoreName: "Fifth Avenue", assignedStaffName: null }, maya)).toBe("No associate yet");
    expect(describeOwner({ homeStoreName: "Oak Street", assignedStaffName: "Hannah Lee" }, maya)).toBe("Oak Street · Hannah Lee");
    expect(describeOwner({ homeStoreName: "Oak Street", assignedStaffName: null }, maya)).toBe("Oak Street");
    expect(describeOwner({ homeStoreName: null, assignedStaffName: null }, maya)).toBe("No home store");
  });
});
