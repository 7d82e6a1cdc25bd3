package org.kehou.people.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.kehou.organisation.Schools;
import org.springframework.stereotype.Component;

/**
 * The roster template for one school: sheet 1 "学生名单" with the header row (text format, so ID and phone numbers
 * keep every digit) and one example row; sheet 2 "填写说明" with the rules and the school's grades and classes.
 */
@Component
public class RosterTemplate {

	private static final List<String> EXAMPLE = List.of("20260101", "张小明", "男", "110101201503070018", "三年级",
			"2班", "留守儿童", "张大山", "13800138000", "父亲", "李小红", "13900139000", "母亲");

	private final Schools schools;

	RosterTemplate(Schools schools) {
		this.schools = schools;
	}

	public byte[] forSchool(long schoolId) {
		try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			CellStyle text = book.createCellStyle();
			text.setDataFormat(book.createDataFormat().getFormat("@"));
			CellStyle header = book.createCellStyle();
			Font bold = book.createFont();
			bold.setBold(true);
			header.setFont(bold);
			header.setDataFormat(book.createDataFormat().getFormat("@"));

			Sheet roster = book.createSheet("学生名单");
			Row head = roster.createRow(0);
			for (int c = 0; c < RosterColumns.ALL.size(); c++) {
				var cell = head.createCell(c);
				cell.setCellValue(RosterColumns.ALL.get(c));
				cell.setCellStyle(header);
				roster.setDefaultColumnStyle(c, text);
				roster.setColumnWidth(c, c == 3 ? 22 * 256 : 13 * 256);
			}
			Row example = roster.createRow(1);
			for (int c = 0; c < EXAMPLE.size(); c++) {
				var cell = example.createCell(c);
				cell.setCellValue(EXAMPLE.get(c));
				cell.setCellStyle(text);
			}
			roster.createFreezePane(0, 1);

			Sheet help = book.createSheet("填写说明");
			String[] rules = { "填写说明（第 1 行为表头，请勿修改；第 2 行为示例，导入前请删除）",
					"学号：必填，本校内唯一；再次导入同一学号会更新该学生",
					"姓名：必填", "性别：必填，填“男”或“女”，须与身份证号一致",
					"身份证号：必填，18 位居民身份证号（校验位须正确）；请保持本列为文本格式",
					"年级、班级：必填，须是本校已有的年级和班级（见下方列表），年级可写“三年级”或“3”",
					"困难类别：选填，可填多个，用顿号分隔：低保、建档立卡、特殊需要、孤儿、留守儿童、随迁子女（由学校审核证明材料）",
					"家长1姓名、家长1手机、家长1关系：必填；关系填父亲、母亲、祖父母或其他",
					"家长2：选填；填写时姓名和手机必填",
					"同一手机号在全平台只对应一位家长（可关联多个孩子，包括其他学校的孩子）",
					"导入前会检查每一行；只要有一行有误，整个文件都不会导入，并列出所有出错的行",
					"本校的年级和班级：" };
			int r = 0;
			for (String rule : rules) {
				help.createRow(r++).createCell(0).setCellValue(rule);
			}
			for (var c : schools.classesOf(schoolId)) {
				Row row = help.createRow(r++);
				row.createCell(0).setCellValue(c.gradeName());
				row.createCell(1).setCellValue(c.name());
			}
			help.setColumnWidth(0, 90 * 256);
			book.write(out);
			return out.toByteArray();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
