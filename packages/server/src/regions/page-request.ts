/** The slice of a code-ordered list of regions that one connection page needs. */
export interface RegionPageRequest {
  /** Only codes after / before these (exclusive). */
  after: string | null;
  before: string | null;
  /** Rows to return at most: one more than the page shows, to know whether more follow. */
  limit: number;
  /** Last page first (`last`/`before`): codes descending. */
  descending: boolean;
}
