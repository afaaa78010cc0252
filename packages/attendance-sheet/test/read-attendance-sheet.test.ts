import { describe, expect, it } from "vitest";
import { readAttendanceSheet } from "../src/index.js";

const header = "Nama;Instansi;Kode Wilayah;Jenis Kelamin;Hari Hadir;Nilai Post-Test";

describe("readAttendanceSheet", () => {
  it("reads headers in any case and spacing, and ignores columns it does not know, even one named like an Object property", () => {
    const sheet = readAttendanceSheet("  NAMA  ;instansi;KODE   wilayah;constructor\nSiti;DPMD;73.71;x\n");
    expect(sheet).toEqual({
      issues: [],
      rows: [
        { line: 2, fullName: "Siti", nik: null, gender: null, institution: "DPMD", position: null, homeRegionCode: "73.71", phone: null, email: null, daysAttended: null, preTestScore: null, postTestScore: null },
      ],
    });
  });

  it("refuses the whole sheet, naming every bad line and field: a fraction, an unknown gender, an unknown institution", () => {
    const sheet = readAttendanceSheet([header, "Siti;DPMD;73.71;P;2,5;80", "Budi;Dinas Pariwisata;73.71;X;3;toString"].join("\n"));
    expect(sheet.rows).toEqual([]);
    expect(sheet.issues).toEqual([
      { line: 2, field: "daysAttended", message: '"2,5" is not a whole number.' },
      { line: 3, field: "institution", message: expect.stringMatching(/^Unknown institution "Dinas Pariwisata"/) },
      { line: 3, field: "gender", message: 'Unknown gender "X" (L/P or MALE/FEMALE).' },
      { line: 3, field: "postTestScore", message: '"toString" is not a whole number.' },
    ]);
  });

  it("names the missing required columns and the headers it read, on line 1", () => {
    expect(readAttendanceSheet("name,nik\nA,1\n").issues).toEqual([
      { line: 1, field: "header", message: "Missing column(s): institution, homeRegionCode (headers read: name, nik)." },
    ]);
    expect(readAttendanceSheet("").issues).toEqual([
      { line: 1, field: "header", message: "Missing column(s): fullName, institution, homeRegionCode (headers read: none: the file is empty)." },
    ]);
  });
});
