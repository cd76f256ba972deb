"""Page arithmetic shared by the hand-built result pages (board lists, the moderation queue)."""


class PageNumbers:
    """Needs `total`, `page` and `per_page`; gives what macros/_pagination.html reads."""

    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1
