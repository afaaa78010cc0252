export type { AttendanceRow, Column, Gender, Institution } from "./columns.js";
export { readAttendanceSheet, type AttendanceSheet, type LineIssue } from "./read-sheet.js";
