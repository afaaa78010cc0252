import type { Gender } from "../db/generated/prisma/enums.js";
import type { Random } from "./random.js";

/**
 * Plausible Indonesian names for demo people. Most Indonesians carry two given names, the second
 * often gendered (Saputra / Saputri); some regions use a family name instead, and Balinese names
 * open with a birth-order name (I Made, Ni Luh).
 */
const firstNames: Record<Gender, readonly string[]> = {
  MALE: [
    "Agus", "Ahmad", "Andi", "Arif", "Bambang", "Bayu", "Budi", "Dedi", "Dimas", "Eko",
    "Fajar", "Faisal", "Firman", "Hadi", "Hasan", "Hendra", "Heru", "Ilham", "Imam", "Irfan",
    "Irwan", "Iwan", "Joko", "Lukman", "Muhammad", "Rahmat", "Rizal", "Rizky", "Rudi", "Slamet",
    "Sugeng", "Syahrul", "Taufik", "Teguh", "Wahyu", "Yoga", "Yudi", "Yusuf", "Zainal", "Aditya",
  ],
  FEMALE: [
    "Sri", "Siti", "Dewi", "Endang", "Rina", "Ratna", "Yuni", "Wulan", "Fitri", "Indah",
    "Kartika", "Lina", "Maya", "Novi", "Putri", "Rini", "Sari", "Tuti", "Yanti", "Ani",
    "Dian", "Eka", "Fatimah", "Hartini", "Ika", "Intan", "Mega", "Nia", "Nurul", "Rosita",
    "Suryani", "Wahyuni", "Yulia", "Ayu", "Desi", "Evi", "Irma", "Lilis", "Nita", "Umi",
  ],
};

const secondNames: Record<Gender, readonly string[]> = {
  MALE: [
    "Pratama", "Saputra", "Wijaya", "Setiawan", "Hidayat", "Nugroho", "Santoso", "Susanto", "Kusuma", "Purnomo",
    "Hartono", "Gunawan", "Syahputra", "Permana", "Ramadhan", "Firmansyah", "Maulana", "Hakim", "Rahman", "Wibowo",
    "Prasetyo", "Utomo", "Handoko", "Kurniawan", "Hermawan", "Sutrisno", "Darmawan", "Suharjo", "Nasrullah", "Mulyadi",
  ],
  FEMALE: [
    "Lestari", "Wulandari", "Rahayu", "Handayani", "Puspita", "Anggraini", "Safitri", "Oktaviani", "Permatasari", "Susanti",
    "Yuliani", "Kurniasari", "Fitriani", "Maharani", "Pertiwi", "Rahmawati", "Hasanah", "Ningsih", "Utami", "Novitasari",
    "Saputri", "Purwanti", "Suryaningsih", "Agustina", "Marlina", "Sulistyowati", "Indriani", "Damayanti", "Kusumawati", "Setyaningsih",
  ],
};

// Family names where they are customary: Batak marga, Minahasa and Timorese fam, Maluku and Papua clans.
const batak = ["Siregar", "Nasution", "Lubis", "Harahap", "Hasibuan", "Simanjuntak", "Sitompul", "Tambunan", "Sinaga", "Situmorang", "Panjaitan", "Manurung", "Sembiring", "Ginting", "Tarigan", "Damanik", "Purba", "Saragih"];
const minahasa = ["Wenas", "Rumengan", "Lumentut", "Sondakh", "Mandagi", "Pangemanan", "Tumbelaka", "Runtuwene", "Kaunang", "Lengkong", "Supit", "Rondonuwu", "Walangitan", "Worang", "Sumampouw", "Tangkilisan"];
const timor = ["Manafe", "Ndoen", "Bessie", "Ndun", "Tefa", "Nenabu", "Dethan", "Fanggidae", "Foenay", "Messakh", "Nalle", "Pah", "Bani", "Tanesib", "Sinlae", "Taneo"];
const maluku = ["Latuconsina", "Tuasikal", "Pattinama", "Sahetapy", "Latumahina", "Matulessy", "Pelupessy", "Tuhumury", "Wattimena", "Sopacua", "Ralahalu", "Ohorella"];
const papua = ["Wenda", "Kogoya", "Tabuni", "Wonda", "Yikwa", "Murib", "Rumbiak", "Mansoben", "Yoku", "Ayomi", "Wanggai", "Kareth", "Rumaropen", "Mandowen", "Sawaki", "Awom"];

/** By province code: Sumatera Utara, Sulawesi Utara, Nusa Tenggara Timur, Maluku, the Papua provinces. */
const familyNamesOfProvince: Record<string, readonly string[]> = {
  "12": batak,
  "71": minahasa,
  "53": timor,
  "81": maluku,
  "91": papua,
  "92": papua,
  "93": papua,
  "94": papua,
  "95": papua,
  "96": papua,
};

const balineseBirthOrder: Record<Gender, readonly string[]> = {
  MALE: ["I Wayan", "I Made", "I Nyoman", "I Ketut", "I Putu", "I Gede", "I Kadek", "I Komang"],
  FEMALE: ["Ni Wayan", "Ni Made", "Ni Nyoman", "Ni Ketut", "Ni Putu", "Ni Luh", "Ni Kadek", "Ni Komang"],
};
const balineseNames: Record<Gender, readonly string[]> = {
  MALE: ["Sudarma", "Suartika", "Adnyana", "Wirawan", "Sukerta", "Astawa", "Suardana", "Widiana", "Parwata", "Arsana"],
  FEMALE: ["Artini", "Suastini", "Sukmawati", "Ariani", "Sriasih", "Wardani", "Suarni", "Rusmini", "Yuliantari", "Sudiani"],
};

const bali = "51";

/** A full name fitting the person's gender and the customs of their home province. */
export function fullNameFor(random: Random, gender: Gender, provinceCode: string): string {
  if (provinceCode === bali) return `${random.pick(balineseBirthOrder[gender])} ${random.pick(balineseNames[gender])}`;
  const first = random.pick(firstNames[gender]);
  const family = familyNamesOfProvince[provinceCode];
  if (family && random.chance(0.7)) return `${first} ${random.pick(family)}`;
  return `${first} ${random.pick(secondNames[gender])}`;
}
