import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { fieldsBadRequest, type FieldProblem } from '../common/validation.js';
import { CalendarService } from './calendar.service.js';
import { Roles } from '../auth/roles.decorator.js';
import { ROLES } from '../auth/roles.js';
import { BusinessDaysQueryDto, BusinessDeadlineDto } from './dto/business-days-query.dto.js';
import { CalendarViewDto, CalendarYearBodyDto, CalendarYearParam, StoredCalendarYearDto } from './dto/calendar-year.dto.js';

/** Each list's dates that lie in another year: the one check the body cannot make without the path. */
function datesOutsideYear(year: number, body: CalendarYearBodyDto): FieldProblem[] {
  return (['holidays', 'workdays'] as const).flatMap((field) => {
    // The dates are validated YYYY-MM-DD, of any year: their first four digits are the year.
    const outside = body[field].filter((date) => Number(date.slice(0, 4)) !== year);
    return outside.length ? [{ field, problems: [`${field} must lie in ${year}; ${outside.join(', ')} do not`] }] : [];
  });
}

@ApiTags('calendar')
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get()
  @Roles(...ROLES)
  @ApiOkResponse({ type: CalendarViewDto, description: 'the loaded years and the current calendar version' })
  get(): Promise<CalendarViewDto> {
    return this.calendar.calendar();
  }

  @Get('business-days')
  @Roles(...ROLES)
  @ApiOkResponse({ type: BusinessDeadlineDto, description: 'the deadline N business days after `from`, by the calendar as it is now' })
  @ApiBadRequestResponse({ description: 'invalid or unknown parameter, each named' })
  businessDays(@Query() { from, days }: BusinessDaysQueryDto): Promise<BusinessDeadlineDto> {
    return this.calendar.businessDays(from, days);
  }

  @Put('years/:year')
  @Roles('administrator')
  @ApiParam({ name: 'year', type: 'integer', example: 2027 })
  @ApiOkResponse({ type: StoredCalendarYearDto, description: 'the stored year and the calendar version from now on' })
  @ApiBadRequestResponse({
    description: 'invalid year or body; each wrong field is named (a date outside the year, a make-up day on a weekday, a day both off and on)',
  })
  putYear(@Param() { year }: CalendarYearParam, @Body() body: CalendarYearBodyDto): Promise<StoredCalendarYearDto> {
    const outside = datesOutsideYear(year, body);
    if (outside.length) throw fieldsBadRequest(outside);
    return this.calendar.putYear({ year, ...body });
  }
}
