import type { TablePaginationConfig } from 'antd';

/** A list's paging from the API's `{page, pageSize, total}`: one page at a time, the size fixed by the page. */
export const paging = (page: number, setPage: (page: number) => void, total: number | undefined, pageSize = 20): TablePaginationConfig => ({
  current: page,
  pageSize,
  total: total ?? 0,
  onChange: setPage,
  showSizeChanger: false,
});
