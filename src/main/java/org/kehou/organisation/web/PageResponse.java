package org.kehou.organisation.web;

import java.util.List;

import org.springframework.data.domain.Page;

/** One page of a list in the JSON API (page numbers start at 0). */
record PageResponse<T>(List<T> content, int page, int size, long totalElements, int totalPages) {

	static <T> PageResponse<T> of(Page<T> page) {
		return new PageResponse<>(page.getContent(), page.getNumber(), page.getSize(), page.getTotalElements(),
				page.getTotalPages());
	}
}
