import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsString,
  MaxLength,
  ValidateNested,
  registerDecorator,
} from 'class-validator';
import { IsOmittable } from '../../common/validation.js';
import {
  ANSWER_FIELDS,
  CALL_SCRIPT_KINDS,
  MAX_SCRIPT_HINT,
  MAX_SCRIPT_QUESTIONS,
  MAX_SCRIPT_TEXT,
  PLACEHOLDER_NAMES,
  placeholderProblems,
  type AnswerField,
  type CallScriptKind,
  type CallScriptSteps,
  type ScriptQuestion,
} from '../call-script-content.js';

const PLACEHOLDER_LIST = PLACEHOLDER_NAMES.map((p) => `{${p}}`).join(', ');

/** A script text: its placeholders must be known ones; which of them a kind may use is checked against the path. */
function HasKnownPlaceholders(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'hasKnownPlaceholders',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || placeholderProblems(value, PLACEHOLDER_NAMES).length === 0,
        defaultMessage: (args) => `$property: ${placeholderProblems(String(args?.value), PLACEHOLDER_NAMES).join('; ')}`,
      },
    });
}

const Text = (description: string, max = MAX_SCRIPT_TEXT) =>
  function (target: object, propertyName: string | symbol): void {
    ApiProperty({ description: `${description}; placeholders: ${PLACEHOLDER_LIST}`, maxLength: max })(target, propertyName);
    for (const decorate of [IsString(), IsNotEmpty(), MaxLength(max), HasKnownPlaceholders()]) decorate(target, propertyName);
  };

export class ScriptSayDto {
  @Text('what the agent says')
  say!: string;
}

export class ScriptNotTheUserDto {
  @Text('the contact is not the product\'s user: ask who is, record them (outcome wrong_person) and go on with them')
  say!: string;
}

export class ScriptIdentityDto {
  @Text('"are you the user?"')
  ask!: string;

  @ApiProperty({ type: ScriptNotTheUserDto, description: 'the branch for "no"' })
  @IsDefined() @IsObject() @ValidateNested() @Type(() => ScriptNotTheUserDto)
  ifNo!: ScriptNotTheUserDto;
}

export class ScriptNotConvenientDto {
  @Text('now is not convenient: ask for the time the customer chooses and the reason (outcome busy)')
  say!: string;

  @Text('the words that end the call until the agreed time')
  closing!: string;
}

export class ScriptConvenienceDto {
  @Text('"is now convenient?"')
  ask!: string;

  @ApiProperty({ type: ScriptNotConvenientDto, description: 'the branch for "no"' })
  @IsDefined() @IsObject() @ValidateNested() @Type(() => ScriptNotConvenientDto)
  ifNo!: ScriptNotConvenientDto;
}

export class ScriptQuestionDto implements ScriptQuestion {
  @Text('the question')
  ask!: string;

  @ApiPropertyOptional({ description: `a note for the agent, not read out; placeholders: ${PLACEHOLDER_LIST}`, maxLength: MAX_SCRIPT_HINT })
  @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(MAX_SCRIPT_HINT) @HasKnownPlaceholders()
  hint?: string;

  @ApiPropertyOptional({
    enum: ANSWER_FIELDS,
    description: 'the form field the answer goes into: a survey field for a callback, satisfied / score / customerWords for a re-visit',
  })
  @IsOmittable() @IsIn(ANSWER_FIELDS)
  answer?: AnswerField;
}

export class CallScriptStepsDto implements CallScriptSteps {
  @ApiProperty({ type: ScriptSayDto, description: 'the greeting and who is calling' })
  @IsDefined() @IsObject() @ValidateNested() @Type(() => ScriptSayDto)
  opening!: ScriptSayDto;

  @ApiProperty({ type: ScriptIdentityDto })
  @IsDefined() @IsObject() @ValidateNested() @Type(() => ScriptIdentityDto)
  identity!: ScriptIdentityDto;

  @ApiProperty({ type: ScriptConvenienceDto })
  @IsDefined() @IsObject() @ValidateNested() @Type(() => ScriptConvenienceDto)
  convenience!: ScriptConvenienceDto;

  @ApiProperty({ type: [ScriptQuestionDto], minItems: 1, maxItems: MAX_SCRIPT_QUESTIONS, description: 'asked in order' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_SCRIPT_QUESTIONS) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => ScriptQuestionDto)
  questions!: ScriptQuestionDto[];

  @ApiProperty({ type: ScriptSayDto, description: 'thanks and goodbye after the questions' })
  @IsDefined() @IsObject() @ValidateNested() @Type(() => ScriptSayDto)
  closing!: ScriptSayDto;
}

/** PUT /call-scripts/:kind: the title and the steps, as GET answers them. */
export class CallScriptBodyDto {
  @ApiProperty({ example: '第一次回访（送货满30天）', maxLength: 100 })
  @IsString() @IsNotEmpty() @MaxLength(100)
  title!: string;

  @ApiProperty({ type: CallScriptStepsDto })
  @IsDefined() @IsObject() @ValidateNested() @Type(() => CallScriptStepsDto)
  steps!: CallScriptStepsDto;
}

export class CallScriptKindParam {
  @ApiProperty({ enum: CALL_SCRIPT_KINDS, description: 'a callback kind, or revisit for the re-visit of a feedback case' })
  @IsIn(CALL_SCRIPT_KINDS)
  kind!: CallScriptKind;
}

export class PlaceholderDto {
  @ApiProperty({ example: 'productModel', description: 'written {productModel} in a text' }) name!: string;
  @ApiProperty() description!: string;
}

export class CallScriptDto {
  @ApiProperty({ enum: CALL_SCRIPT_KINDS }) kind!: CallScriptKind;
  @ApiProperty({ example: '第一次回访（送货满30天）' }) title!: string;
  @ApiProperty({ type: CallScriptStepsDto }) steps!: CallScriptStepsDto;
  @ApiProperty({ type: [PlaceholderDto], description: 'the placeholders this kind of script may use' }) placeholders!: PlaceholderDto[];
  @ApiProperty({ enum: ANSWER_FIELDS, isArray: true, description: 'the form fields its questions may fill in' }) answerFields!: AnswerField[];
  @ApiProperty({ description: '1 as seeded, one more with every edit' }) version!: number;
  @ApiProperty({ example: 'migration', description: 'who last changed it (migration for the seeded text)' }) updatedBy!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CallScriptListDto {
  @ApiProperty({ type: [CallScriptDto] }) items!: CallScriptDto[];
}
