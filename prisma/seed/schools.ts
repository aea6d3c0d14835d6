import type { Prisma } from "~/generated/prisma/client";

/** The VRN's localities: Leicester's five groups of wards, the county's districts, and Rutland. */
const LOCALITIES: { name: string; localAuthority: string; districts?: string[]; wards?: string[] }[] = [
  { name: "West Leicester", localAuthority: "Leicester", wards: ["Braunstone Park and Rowley Fields", "Fosse", "Western", "Westcotes"] },
  { name: "Central Leicester", localAuthority: "Leicester", wards: ["Castle", "Spinney Hills", "Stoneygate", "Wycliffe"] },
  { name: "East Leicester", localAuthority: "Leicester", wards: ["Evington", "Humberstone and Hamilton", "North Evington", "Thurncourt", "Troon"] },
  { name: "North Leicester", localAuthority: "Leicester", wards: ["Abbey", "Beaumont Leys", "Belgrave", "Rushey Mead"] },
  { name: "South Leicester", localAuthority: "Leicester", wards: ["Aylestone", "Eyres Monsell", "Knighton", "Saffron"] },
  { name: "Blaby", localAuthority: "Leicestershire", districts: ["Blaby"] },
  { name: "Charnwood", localAuthority: "Leicestershire", districts: ["Charnwood"] },
  { name: "Harborough", localAuthority: "Leicestershire", districts: ["Harborough"] },
  { name: "Hinckley and Bosworth", localAuthority: "Leicestershire", districts: ["Hinckley and Bosworth"] },
  { name: "Melton", localAuthority: "Leicestershire", districts: ["Melton"] },
  { name: "North West Leicestershire", localAuthority: "Leicestershire", districts: ["North West Leicestershire"] },
  { name: "Oadby and Wigston", localAuthority: "Leicestershire", districts: ["Oadby and Wigston"] },
  { name: "Rutland", localAuthority: "Rutland", districts: ["Rutland"] },
];

// How many demo schools each locality gets (60 in all), roughly in proportion to LLR's.
const SCHOOLS_PER_LOCALITY: Record<string, number> = {
  "West Leicester": 4,
  "Central Leicester": 4,
  "East Leicester": 4,
  "North Leicester": 3,
  "South Leicester": 3,
  Blaby: 5,
  Charnwood: 9,
  Harborough: 5,
  "Hinckley and Bosworth": 6,
  Melton: 3,
  "North West Leicestershire": 6,
  "Oadby and Wigston": 4,
  Rutland: 4,
};

// Invented place names, so no demo school can be mistaken for a real one.
const FIRST = [
  "Kestrel",
  "Bramble",
  "Heron",
  "Linnet",
  "Marram",
  "Otter",
  "Plover",
  "Rowan",
  "Sorrel",
  "Teasel",
  "Yarrow",
  "Juniper",
  "Fallow",
  "Gorse",
  "Vetch",
  "Elder",
  "Cinder",
  "Quill",
  "Dove",
  "Umber",
];
const SECOND = ["mere", "holt", "combe", "ridge", "dale", "ford", "stead", "brook", "field", "wood"];
const SUFFIX = ["Academy", "Community College", "School", "High School", "Academy", "College"];

/** A small deterministic generator, so every fresh database gets the same demo schools. */
function generator(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 2 ** 32;
    return state / 2 ** 32;
  };
}

const POSTCODE_AREAS: Record<string, string> = { Leicester: "LE", Leicestershire: "LE", Rutland: "LE15" };

export async function seedSchools(prisma: Prisma.TransactionClient) {
  const random = generator(2026);
  const localities = [];
  for (const { name, localAuthority, districts = [], wards = [] } of LOCALITIES) {
    localities.push(
      await prisma.locality.create({
        data: {
          name,
          localAuthority,
          areas: {
            create: [...districts.map((area) => ({ kind: "DISTRICT", name: area })), ...wards.map((area) => ({ kind: "WARD", name: area }))],
          },
        },
      }),
    );
  }

  const schools = [];
  let index = 0;
  for (const locality of localities) {
    for (let n = 0; n < (SCHOOLS_PER_LOCALITY[locality.name] ?? 0); n++, index++) {
      // A few special schools, PRUs and all-through schools among the secondaries, as in LLR.
      const type = index % 17 === 5 ? "SPECIAL" : index % 23 === 11 ? "PRU_AP" : index % 29 === 13 ? "ALL_THROUGH" : index === 41 ? "INDEPENDENT" : "SECONDARY";
      const roll =
        type === "SPECIAL" ? 80 + Math.round(random() * 170) : type === "PRU_AP" ? 40 + Math.round(random() * 80) : 300 + Math.round(random() * 1500);
      const first = FIRST[index % FIRST.length]!;
      const second = SECOND[(index * 7 + Math.floor(index / FIRST.length)) % SECOND.length]!;
      const suffix = type === "SPECIAL" ? "Special School" : type === "PRU_AP" ? "Learning Centre" : SUFFIX[index % SUFFIX.length]!;
      const district = 1 + Math.floor(random() * 19);
      schools.push(
        await prisma.school.create({
          data: {
            urn: String(990001 + index),
            name: `${first}${second} ${suffix}`,
            localAuthority: locality.localAuthority,
            localityId: locality.id,
            type,
            numberOnRoll: roll,
            postcode: `${POSTCODE_AREAS[locality.localAuthority]}${locality.localAuthority === "Rutland" ? "" : district} ${1 + Math.floor(random() * 9)}${"ABDEFGHJLNPQRSTUWXYZ"[Math.floor(random() * 20)]}${"ABDEFGHJLNPQRSTUWXYZ"[Math.floor(random() * 20)]}`,
            status: index === 59 ? "CLOSED" : "OPEN",
          },
        }),
      );
    }
  }
  return schools;
}
