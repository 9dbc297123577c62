import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CsrfExempt, Roles } from '../auth/roles.decorator.js';
import { CodecService } from './codec.service.js';
import { CodecPayloadsDto } from './dto/codec-payloads.dto.js';

@Roles('operator')
@CsrfExempt()
@ApiTags('codec')
@Controller('codec')
export class CodecController {
  constructor(private readonly codec: CodecService) {}

  @Post('decode')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: CodecPayloadsDto, description: 'the payloads decrypted; payloads that were never encrypted unchanged' })
  @ApiBadRequestResponse({ description: 'not a list of proto3-JSON payloads; each invalid field is named' })
  @ApiUnprocessableEntityResponse({ description: 'a payload whose key is not configured, or that was altered; its index is named' })
  decode(@Body() body: CodecPayloadsDto): Promise<CodecPayloadsDto> {
    return this.codec.decode(body);
  }

  @Post('encode')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: CodecPayloadsDto, description: 'the payloads encrypted with the current key' })
  @ApiBadRequestResponse({ description: 'not a list of proto3-JSON payloads; each invalid field is named' })
  encode(@Body() body: CodecPayloadsDto): Promise<CodecPayloadsDto> {
    return this.codec.encode(body);
  }
}
